using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace Survey.Shared.Reports;

/// <summary>
/// The record key of a report (the cell-key method of the Australian Bureau of Statistics): a uniform 32-bit
/// number drawn once, at intake, and carried in the queued report and its stored row, so a redelivery, a move
/// by a merge and a rebuild all use the same key. Never published, never logged.
/// </summary>
public static class RecordKeys
{
    /// <summary>A fresh key for a report accepted now.</summary>
    public static uint Draw() => BinaryPrimitives.ReadUInt32LittleEndian(RandomNumberGenerator.GetBytes(sizeof(uint)));

    /// <summary>
    /// The key of a report queued or stored before keys were drawn: derived from its id, so it is the same on every
    /// delivery and rebuild. (An id chosen by the reporter makes such a key guessable; every report accepted since
    /// has a drawn key.)
    /// </summary>
    public static uint Derive(string reportId)
    {
        ArgumentNullException.ThrowIfNull(reportId);
        return BinaryPrimitives.ReadUInt32LittleEndian(SHA256.HashData(Encoding.UTF8.GetBytes("survey-record-key|" + reportId)));
    }
}
