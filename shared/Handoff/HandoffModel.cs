using KissBot.Text;

namespace KissBot.Handoff;

/// <summary>States of a handoff request.</summary>
public static class HandoffStatus
{
    public const string Waiting = "waiting";
    public const string Claimed = "claimed";
    public const string Released = "released";
    public const string TimedOut = "timed_out";
}

/// <summary>Who wrote a line an officer reads.</summary>
public static class HandoffAuthor
{
    public const string Citizen = "citizen";
    public const string Bot = "bot";
    public const string Officer = "officer";
    public const string HistoryCitizen = "history_citizen";
    public const string HistoryBot = "history_bot";
}

/// <summary>
/// A staff member answering in the live chat: id of their account, the name the citizen sees, and the actor their
/// actions are audited as (inside the transaction of the change).
/// </summary>
public sealed record Officer(string Id, string Name, KissBot.Office.StaffActor? Actor = null);

/// <summary>The citizen's side of a conversation: whom to answer, where.</summary>
public sealed record CitizenConversation(string UserKey, string ChannelId, string ConversationId, string? DisplayName);

public sealed record HandoffRequest(long Id, string UserKey, string ChannelId, string ConversationId, string? DisplayName, string Origin,
    string Status, DateTimeOffset CreatedAt, string? ClaimedBy, string? ClaimedByName, DateTimeOffset? ClaimedAt,
    DateTimeOffset LastActivityAt, DateTimeOffset? ClosedAt)
{
    public bool IsOpen => Status is HandoffStatus.Waiting or HandoffStatus.Claimed;
    public bool IsClaimed => Status == HandoffStatus.Claimed;
}

/// <summary>One line of the conversation as the officer reads it; officer lines carry their outbox delivery status.</summary>
public sealed record HandoffLine(long Id, string Author, string? OfficerName, string Text, DateTimeOffset At, string? Delivery);

/// <summary>An open request with what the queue shows about it.</summary>
public sealed record QueueEntry(HandoffRequest Request, string? LastCitizenText, DateTimeOffset? LastCitizenAt);

/// <summary>A conversation a staff member may take over (the citizen wrote recently and nobody answers them yet).</summary>
public sealed record RecentConversation(string UserKey, string ChannelId, string? DisplayName, DateTimeOffset LastInboundAt);

public abstract record RequestOutcome
{
    public sealed record Created(HandoffRequest Request) : RequestOutcome;
    public sealed record AlreadyOpen(HandoffRequest Request) : RequestOutcome;
    public sealed record RateLimited(int Count, DateTimeOffset RetryAt) : RequestOutcome;
}

public abstract record ClaimOutcome
{
    public sealed record Claimed(HandoffRequest Request) : ClaimOutcome;
    /// <summary>Another officer has it (or had it first): never two officers on one citizen.</summary>
    public sealed record Taken(HandoffRequest Request) : ClaimOutcome;
    public sealed record Closed(HandoffRequest Request) : ClaimOutcome;
    public sealed record NotFound : ClaimOutcome;
}

public enum OfficerActionOutcome { Done, NotYours, Closed, NotFound, Empty, TooLong }

/// <summary>The texts of the live chat (<c>Handoff/handoff.texts.json</c>): what the citizen reads, and the notes in the
/// history the officer reads; loaded once.</summary>
public static class HandoffTexts
{
    public static readonly TextTable Table = TextTable.LoadEmbedded(typeof(HandoffTexts).Assembly, "handoff.texts.json");

    public static string ChannelName(string channelId) =>
        Table.Has("channel." + channelId) ? Table["channel." + channelId] : Table["channel.other"];

    /// <summary>"Senin, 30 November 2026 pukul 07.30 WITA".</summary>
    public static string Moment(DateTimeOffset t)
    {
        var local = Time.Wita.ToWita(t);
        return Time.IndonesianDates.DayAndTime(DateOnly.FromDateTime(local.DateTime), TimeOnly.FromDateTime(local.DateTime));
    }

    /// <summary>The office's ways in that are configured (never an empty number), one per line, then the hours.</summary>
    public static string Contacts(OfficeContact office)
    {
        var lines = new List<string>();
        if (office.Phone is { } phone) lines.Add(Table.Get("contacts.phone", ("phone", phone)));
        if (office.WhatsApp is { } wa) lines.Add(Table.Get("contacts.whatsapp", ("whatsapp", wa)));
        if (lines.Count == 0) lines.Add(Table.Get("contacts.address", ("address", office.Address)));
        lines.Add(Table.Get("contacts.hours", ("hours", office.Hours)));
        return string.Join("\n", lines);
    }
}
