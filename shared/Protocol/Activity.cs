using System.Text.Json;
using System.Text.Json.Serialization;

namespace KissBot.Protocol;

/// <summary>Activity types of the Bot Framework v3 schema (names as the SDK spells them).</summary>
public static class ActivityTypes
{
    public const string Message = "message";
    public const string ConversationUpdate = "conversationUpdate";
    public const string Event = "event";
    public const string Invoke = "invoke";
    public const string Typing = "typing";
    public const string EndOfConversation = "endOfConversation";
}

public static class DeliveryModes
{
    public const string Normal = "normal";
    public const string ExpectReplies = "expectReplies";
}

public static class RoleTypes
{
    public const string User = "user";
    public const string Bot = "bot";
}

/// <summary>
/// A Bot Framework Activity, wire-compatible with the v3 schema (camelCase JSON). Only the fields the product uses
/// are typed; anything else a channel sends survives a round trip through <see cref="Extra"/>.
/// </summary>
public sealed class Activity
{
    public string? Type { get; set; }
    public string? Id { get; set; }
    public DateTimeOffset? Timestamp { get; set; }
    public DateTimeOffset? LocalTimestamp { get; set; }
    public string? LocalTimezone { get; set; }
    public string? ServiceUrl { get; set; }
    public string? ChannelId { get; set; }
    public ChannelAccount? From { get; set; }
    public ConversationAccount? Conversation { get; set; }
    public ChannelAccount? Recipient { get; set; }
    public string? TextFormat { get; set; }
    public string? AttachmentLayout { get; set; }
    public List<ChannelAccount>? MembersAdded { get; set; }
    public List<ChannelAccount>? MembersRemoved { get; set; }
    public string? Locale { get; set; }
    public string? Text { get; set; }
    public string? Speak { get; set; }
    public string? InputHint { get; set; }
    public SuggestedActions? SuggestedActions { get; set; }
    public List<Attachment>? Attachments { get; set; }
    public List<Entity>? Entities { get; set; }
    public JsonElement? ChannelData { get; set; }
    public string? Action { get; set; }
    public string? ReplyToId { get; set; }
    public string? Name { get; set; }
    public JsonElement? Value { get; set; }
    public string? Code { get; set; }
    public string? DeliveryMode { get; set; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }

    public static Activity CreateMessage(string text) => new() { Type = ActivityTypes.Message, Text = text };

    /// <summary>A reply addressed back to the sender of this activity (SDK: CreateReply).</summary>
    public Activity CreateReply(string? text = null) => new()
    {
        Type = ActivityTypes.Message,
        Text = text,
        From = Recipient is null ? null : Recipient with { Role = RoleTypes.Bot },
        Recipient = From,
        Conversation = Conversation,
        ChannelId = ChannelId,
        ServiceUrl = ServiceUrl,
        ReplyToId = Id,
        Locale = Locale ?? "id-ID",
    };

    public ConversationReference GetConversationReference() => new(
        ActivityId: Id, User: From, Bot: Recipient, Conversation: Conversation,
        ChannelId: ChannelId ?? "", ServiceUrl: ServiceUrl ?? "", Locale: Locale);

    /// <summary>The first GeoCoordinates entity, if the channel sent a location.</summary>
    public GeoPoint? GetLocation()
    {
        foreach (var e in Entities ?? [])
        {
            if (!string.Equals(e.Type, "GeoCoordinates", StringComparison.OrdinalIgnoreCase)) continue;
            if (e.Properties is { } p && p.TryGetValue("latitude", out var lat) && p.TryGetValue("longitude", out var lon)
                && lat.ValueKind == JsonValueKind.Number && lon.ValueKind == JsonValueKind.Number)
                return new GeoPoint(lat.GetDouble(), lon.GetDouble());
        }
        return null;
    }
}

public sealed record ChannelAccount(string Id, string? Name = null, string? Role = null)
{
    public ChannelAccount() : this("") { }
}

public sealed record ConversationAccount(string Id, bool? IsGroup = null, string? ConversationType = null, string? TenantId = null)
{
    public ConversationAccount() : this("") { }
}

public sealed class SuggestedActions
{
    public List<string>? To { get; set; }
    public List<CardAction> Actions { get; set; } = [];
}

public sealed record CardAction(string Type, string Title, JsonElement? Value = null, string? Text = null, string? DisplayText = null)
{
    public static CardAction ImBack(string title, string? value = null) =>
        new("imBack", title, JsonSerializer.SerializeToElement(value ?? title));
}

public sealed class Attachment
{
    public string? ContentType { get; set; }
    public string? ContentUrl { get; set; }
    public JsonElement? Content { get; set; }
    public string? Name { get; set; }
}

public sealed class Entity
{
    public string? Type { get; set; }
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Properties { get; set; }

    public static Entity GeoCoordinates(double latitude, double longitude) => new()
    {
        Type = "GeoCoordinates",
        Properties = new()
        {
            ["latitude"] = JsonSerializer.SerializeToElement(latitude),
            ["longitude"] = JsonSerializer.SerializeToElement(longitude),
        },
    };
}

public readonly record struct GeoPoint(double Latitude, double Longitude);

/// <summary>What the bot keeps of a conversation to message it later (SDK: ConversationReference).</summary>
public sealed record ConversationReference(
    string? ActivityId, ChannelAccount? User, ChannelAccount? Bot, ConversationAccount? Conversation,
    string ChannelId, string ServiceUrl, string? Locale);

public sealed class ExpectedReplies
{
    public List<Activity> Activities { get; set; } = [];
}
