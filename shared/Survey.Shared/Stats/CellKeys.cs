using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace Survey.Shared.Stats;

/// <summary>
/// How a published count is perturbed (the cell-key method). A cell's key is the sum of its reports' record keys
/// modulo 2^32, kept beside its count (<see cref="Aggregation.ReportCounters.CellKey"/>); read as a fraction of 1
/// it is uniform, and it picks the noise from a fixed table:
/// <list type="table">
/// <item><term>−2</term><description>15 %</description></item>
/// <item><term>−1</term><description>20 %</description></item>
/// <item><term>0</term><description>30 %</description></item>
/// <item><term>+1</term><description>20 %</description></item>
/// <item><term>+2</term><description>15 %</description></item>
/// </list>
/// (mean 0, variance 1.6). A noisy value that would fall into the suppressed range (1 to the threshold) is
/// reflected (<c>n − noise</c>), so a published count is always above the threshold. Zero is published as 0.
/// The same reports always give the same key, so the same number: reading a cell again, or in every snapshot
/// while it does not change, gives no new draw.
/// </summary>
public static class CellKeyPerturbation
{
    /// <summary>The largest noise either way.</summary>
    public const int Bound = 2;

    // Upper edges of the noise table, as fractions of 2^32, for −2, −1, 0, +1 (+2 takes the rest).
    private static readonly (ulong Below, int Noise)[] Table =
    [
        (Fraction(0.15), -2),
        (Fraction(0.35), -1),
        (Fraction(0.65), 0),
        (Fraction(0.85), 1),
        (ulong.MaxValue, 2),
    ];

    /// <summary>The cell key of a stored key sum (the sum modulo 2^32; a sum that went below zero wraps too).</summary>
    public static uint CellKeyOf(long keySum) => unchecked((uint)keySum);

    /// <summary>The noise the table gives a cell key.</summary>
    public static int Noise(uint cellKey) => Table.First(step => cellKey < step.Below).Noise;

    /// <summary>The published value of a count that is not suppressed (0, or above <paramref name="suppressBelowOrEqual"/>).</summary>
    public static long Publish(long count, uint cellKey, int suppressBelowOrEqual)
    {
        if (count <= 0)
        {
            return count;
        }

        var noise = Noise(cellKey);
        var noisy = count + noise;
        return noisy > suppressBelowOrEqual ? noisy : count - noise;
    }

    private static ulong Fraction(double share) => (ulong)(share * 4294967296d);
}
