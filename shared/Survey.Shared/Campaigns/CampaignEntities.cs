using System.Text.Json;
using System.Text.Json.Serialization;
using Azure.Data.Tables;

namespace Survey.Shared.Campaigns;

/// <summary>How campaigns and invitations are written as table rows (see <see cref="CampaignStore"/> for the tables).</summary>
internal static class CampaignEntities
{
    public const string CampaignPartition = "campaign";
    public const string InvitationPrefix = "i-";

    public static TableEntity ToEntity(Campaign campaign) => new(CampaignPartition, campaign.Id)
    {
        ["Name"] = campaign.Name,
        ["OpensAt"] = campaign.OpensAt,
        ["ClosesAt"] = campaign.ClosesAt,
        ["Prefill"] = JsonSerializer.Serialize(campaign.Prefill, CampaignJsonContext.Default.CampaignPrefill),
        ["Texts"] = JsonSerializer.Serialize(campaign.Texts.ToDictionary(), CampaignJsonContext.Default.DictionaryStringCampaignMailText),
        ["CreatedAt"] = campaign.CreatedAt,
        ["ClosedAt"] = campaign.ClosedAt,
        ["Delivery"] = campaign.Delivery,
        ["AddressesDeletedAt"] = campaign.AddressesDeletedAt,
        ["LinksDownloadedAt"] = campaign.LinksDownloadedAt,
    };

    public static Campaign ToCampaign(TableEntity entity) => new(
        entity.RowKey,
        entity.GetString("Name") ?? string.Empty,
        entity.GetDateTimeOffset("OpensAt") ?? default,
        entity.GetDateTimeOffset("ClosesAt") ?? default,
        Json(entity, "Prefill", CampaignJsonContext.Default.CampaignPrefill) ?? CampaignPrefill.None,
        Json(entity, "Texts", CampaignJsonContext.Default.DictionaryStringCampaignMailText) ?? [],
        entity.GetDateTimeOffset("CreatedAt") ?? default,
        entity.GetDateTimeOffset("ClosedAt"),
        entity.GetString("Delivery") ?? CampaignDelivery.None,
        entity.GetDateTimeOffset("AddressesDeletedAt"),
        entity.GetDateTimeOffset("LinksDownloadedAt"));

    public static TableEntity ToEntity(Invitation invitation) => new(invitation.CampaignId, InvitationPrefix + invitation.Id)
    {
        ["Email"] = invitation.Email,
        ["Name"] = invitation.Name,
        ["AddressHash"] = invitation.AddressHash,
        ["Prefill"] = JsonSerializer.Serialize(invitation.Prefill, CampaignJsonContext.Default.CampaignPrefill),
        ["InviteState"] = invitation.InviteState,
        ["SendingSince"] = invitation.SendingSince,
        ["SentAt"] = invitation.SentAt,
        ["FailReason"] = invitation.FailReason,
        ["OpenedAt"] = invitation.OpenedAt,
        ["RespondedAt"] = invitation.RespondedAt,
        ["UnsubscribedAt"] = invitation.UnsubscribedAt,
        ["RevokedAt"] = invitation.RevokedAt,
        ["ReminderState"] = invitation.ReminderState,
        ["RemindedAt"] = invitation.RemindedAt,
        ["PendingReportId"] = invitation.PendingReportId,
    };

    public static Invitation ToInvitation(TableEntity entity) => new(
        entity.PartitionKey,
        entity.RowKey[InvitationPrefix.Length..],
        entity.GetString("Email"),
        entity.GetString("Name"),
        entity.GetString("AddressHash") ?? string.Empty,
        Json(entity, "Prefill", CampaignJsonContext.Default.CampaignPrefill) ?? CampaignPrefill.None,
        entity.GetString("InviteState") ?? MailState.Queued,
        entity.GetDateTimeOffset("SendingSince"),
        entity.GetDateTimeOffset("SentAt"),
        entity.GetString("FailReason"),
        entity.GetDateTimeOffset("OpenedAt"),
        entity.GetDateTimeOffset("RespondedAt"),
        entity.GetDateTimeOffset("UnsubscribedAt"),
        entity.GetDateTimeOffset("RevokedAt"),
        entity.GetString("ReminderState") ?? MailState.None,
        entity.GetDateTimeOffset("RemindedAt"),
        entity.GetString("PendingReportId"));

    private static T? Json<T>(TableEntity entity, string property, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type)
        => entity.GetString(property) is { Length: > 0 } json ? JsonSerializer.Deserialize(json, type) : default;
}

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(CampaignPrefill))]
[JsonSerializable(typeof(Dictionary<string, CampaignMailText>))]
[JsonSerializable(typeof(InvitationMessage))]
internal sealed partial class CampaignJsonContext : JsonSerializerContext;
