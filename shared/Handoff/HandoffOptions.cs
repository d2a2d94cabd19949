using System.Globalization;
using KissBot.Time;
using Microsoft.Extensions.Configuration;

namespace KissBot.Handoff;

/// <summary>
/// How the live chat queue behaves (<c>Handoff:*</c>) and how the office is reached without it (<c>Office:*</c>).
/// </summary>
public sealed record HandoffOptions
{
    /// <summary>
    /// Handoff:IdleTimeoutMinutes — a claimed conversation in which the officer has written nothing for this long (since
    /// the claim or their last message) goes back to the bot. Only the officer's activity counts: a citizen writing
    /// "halo?" to an officer who has gone must not keep the bot silent.
    /// </summary>
    public TimeSpan IdleTimeout { get; init; } = TimeSpan.FromMinutes(30);

    /// <summary>Handoff:MaxRequestsPerHour — new requests one user may open per hour (asking again while one is open opens none).</summary>
    public int MaxRequestsPerHour { get; init; } = 3;

    /// <summary>Handoff:OfficerPresenceMinutes — an officer counts as online this long after their live chat page last polled.</summary>
    public TimeSpan OfficerPresence { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>Handoff:HistoryLines — lines of the conversation kept for the officer (and copied when a request opens).</summary>
    public int HistoryLines { get; init; } = 20;

    /// <summary>Scheduler:Coordinator:UserKey — told once per new request (not per message), when reachable.</summary>
    public string? CoordinatorUserKey { get; init; }

    public OfficeContact Office { get; init; } = new();

    public static HandoffOptions From(IConfiguration config)
    {
        var d = new HandoffOptions();
        var h = config.GetSection("Handoff");
        var o = config.GetSection("Office");
        return new HandoffOptions
        {
            IdleTimeout = TimeSpan.FromMinutes(Math.Max(1, h.GetValue("IdleTimeoutMinutes", (int)d.IdleTimeout.TotalMinutes))),
            MaxRequestsPerHour = Math.Max(1, h.GetValue("MaxRequestsPerHour", d.MaxRequestsPerHour)),
            OfficerPresence = TimeSpan.FromMinutes(Math.Max(1, h.GetValue("OfficerPresenceMinutes", (int)d.OfficerPresence.TotalMinutes))),
            HistoryLines = Math.Clamp(h.GetValue("HistoryLines", d.HistoryLines), 0, 100),
            CoordinatorUserKey = config["Scheduler:Coordinator:UserKey"] is { Length: > 0 } c ? c : null,
            Office = new OfficeContact
            {
                Phone = Blank(o["Phone"]),
                WhatsApp = Blank(o["WhatsApp"]),
                Hours = Blank(o["Hours"]) ?? d.Office.Hours,
                Address = Blank(o["Address"]) ?? d.Office.Address,
                MondayToThursday = Window(o["OpeningMonThu"], d.Office.MondayToThursday),
                Friday = Window(o["OpeningFriday"], d.Office.Friday),
            },
        };
    }

    private static string? Blank(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();

    /// <summary>"07:30-16:00" → (07:30, 16:00).</summary>
    public static (TimeOnly Open, TimeOnly Close) Window(string? value, (TimeOnly, TimeOnly) fallback)
    {
        if (string.IsNullOrWhiteSpace(value)) return fallback;
        var parts = value.Split('-', 2, StringSplitOptions.TrimEntries);
        if (parts.Length == 2
            && TimeOnly.TryParseExact(parts[0], "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var open)
            && TimeOnly.TryParseExact(parts[1], "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var close)
            && open < close)
            return (open, close);
        throw new InvalidOperationException($"Office opening times must look like 07:30-16:00 (got '{value}').");
    }
}

/// <summary>
/// The office as a citizen can reach it without the chat: phone, WhatsApp, address and service hours (<c>Office:*</c>),
/// and the opening times the live chat is staffed (WITA, office days of <see cref="OfficeCalendar"/>).
/// </summary>
public sealed record OfficeContact
{
    public string? Phone { get; init; }
    public string? WhatsApp { get; init; }
    /// <summary>Office:Hours; the default is <c>office.defaultHours</c> in <c>handoff.texts.json</c>.</summary>
    public string Hours { get; init; } = HandoffTexts.Table["office.defaultHours"];
    /// <summary>Office:Address; the default is <c>office.defaultAddress</c> in <c>handoff.texts.json</c>.</summary>
    public string Address { get; init; } = HandoffTexts.Table["office.defaultAddress"];
    public (TimeOnly Open, TimeOnly Close) MondayToThursday { get; init; } = (new(7, 30), new(16, 0));
    public (TimeOnly Open, TimeOnly Close) Friday { get; init; } = (new(7, 30), new(11, 0));

    private (TimeOnly Open, TimeOnly Close)? WindowOn(DateOnly day, OfficeCalendar calendar) =>
        !calendar.IsOfficeDay(day) ? null : day.DayOfWeek == DayOfWeek.Friday ? Friday : MondayToThursday;

    /// <summary>True while officers are on duty (an office day, inside its opening times, WITA).</summary>
    public bool IsOpen(DateTimeOffset now, OfficeCalendar calendar)
    {
        var local = Wita.ToWita(now);
        var day = DateOnly.FromDateTime(local.DateTime);
        var time = TimeOnly.FromDateTime(local.DateTime);
        return WindowOn(day, calendar) is { } w && time >= w.Open && time < w.Close;
    }

    /// <summary>The next moment officers come on duty (now when open).</summary>
    public DateTimeOffset NextOpening(DateTimeOffset now, OfficeCalendar calendar)
    {
        if (IsOpen(now, calendar)) return now.ToUniversalTime();
        var local = Wita.ToWita(now);
        var day = DateOnly.FromDateTime(local.DateTime);
        var time = TimeOnly.FromDateTime(local.DateTime);
        if (WindowOn(day, calendar) is { } today && time < today.Open) return Wita.At(day, today.Open).ToUniversalTime();
        var next = calendar.NextOfficeDay(day);
        return Wita.At(next, WindowOn(next, calendar)!.Value.Open).ToUniversalTime();
    }
}
