using System.Text;
using KissBot.Bookings;
using KissBot.Messaging;
using KissBot.Protocol;
using KissBot.Time;

namespace KissBot.Scheduler.Routes;

/// <summary>
/// The proactive messages of the scheduler, each with an idempotency key that names what it is about, so a re-plan or a
/// re-run of a job never produces the same reminder twice (the outbox ignores a second insert of the same key).
/// </summary>
public static class SchedulerMessages
{
    private static readonly KissBot.Text.TextTable T = SchedulerTexts.Table;


    public static OutboxMessage Digest(string coordinator, RouteView view, IReadOnlyDictionary<string, PlannableBooking> bookings,
        IReadOnlyDictionary<string, Agency> agencies, IReadOnlyList<string> extras)
    {
        var day = DateOnly.Parse(view.Date);
        var sb = new StringBuilder(T.Get("digest.header", ("day", IndonesianDates.Day(day)), ("revision", view.Revision)));
        var stops = view.AllStops().ToList();
        if (stops.Count == 0) sb.Append('\n').Append(T.Get("digest.empty", ("day", IndonesianDates.Day(day))));
        foreach (var v in view.Vehicles.Where(v => v.Stops.Count > 0))
        {
            sb.Append("\n\n").Append(T.Get("digest.vehicle", ("vehicle", v.Vehicle), ("depart", v.DepartDepot), ("back", v.ReturnDepot), ("travel", v.TravelMinutes)));
            foreach (var s in v.Stops)
            {
                var b = bookings.GetValueOrDefault(s.BookingCode);
                var names = (b?.Stakeholders ?? []).Select(id => agencies.TryGetValue(id, out var a)
                    ? a.Name + (a.UserKeys.Count == 0 ? T["digest.noContact"] : "") : id).ToList();
                sb.Append('\n').Append(T.Get("digest.stop", ("seq", s.Sequence), ("eta", s.Eta), ("kelurahan", s.Kelurahan), ("code", s.BookingCode),
                    ("name", b?.Name ?? "-"), ("people", b?.People ?? 1),
                    ("agencies", names.Count == 0 ? "" : T.Get("digest.agencies", ("list", string.Join(", ", names))))));
            }
        }
        if (view.Unassigned.Count > 0)
        {
            sb.Append("\n\n").Append(T["digest.unassigned.header"]);
            foreach (var u in view.Unassigned)
                sb.Append('\n').Append(T.Get("digest.unassigned", ("code", u.BookingCode), ("reason", u.Keterangan),
                    ("proposed", u.ProposedDate is { } p ? IndonesianDates.Day(DateOnly.Parse(p)) : T["digest.noProposal"])));
        }
        foreach (var line in extras) sb.Append("\n\n").Append(line);
        return new OutboxMessage($"digest:{view.Date}:r{view.Revision}", coordinator, MessageKind.CoordinatorDigest, Activity.CreateMessage(sb.ToString()))
        {
            Subject = view.Date, // the routes page finds a day's digest by it
        };
    }

    /// <param name="morning">the day-of reminder (ETA only) instead of the day-before one (H-1, with the checklist).</param>
    /// <param name="plannedSameDay">the day was planned on the day itself (no H-1 reminder could go out): the day-of
    /// reminder then also carries the checklist.</param>
    public static IEnumerable<OutboxMessage> OwnerReminders(RouteView view, IReadOnlyDictionary<string, PlannableBooking> bookings, bool morning, DateTimeOffset notBefore,
        bool plannedSameDay = false)
    {
        var day = DateOnly.Parse(view.Date);
        foreach (var (_, s) in view.AllStops())
        {
            if (!bookings.TryGetValue(s.BookingCode, out var b)) continue;
            string text;
            if (morning && plannedSameDay)
                text = T.Get("pu.today", ("name", b.Name), ("code", b.Code), ("eta", s.Eta), ("kelurahan", s.Kelurahan))
                       + "\n" + T["pu.h1.checklistHeader"] + "\n" + T["pu.h1.checklist"] + "\n" + T.Get("pu.h1.footer", ("code", b.Code));
            else if (morning)
                text = T.Get("pu.h0", ("name", b.Name), ("eta", s.Eta), ("kelurahan", s.Kelurahan), ("code", b.Code));
            else
                text = T.Get("pu.h1", ("name", b.Name), ("code", b.Code), ("day", IndonesianDates.Day(day)), ("eta", s.Eta), ("kelurahan", s.Kelurahan))
                       + "\n" + T["pu.h1.checklistHeader"] + "\n" + T["pu.h1.checklist"] + "\n" + T.Get("pu.h1.footer", ("code", b.Code));
            yield return new OutboxMessage(KissBot.Bookings.BookingNotices.OwnerReminderKey(morning ? "h0" : "h1", b.Code, view.Date), b.OwnerKey, MessageKind.VisitReminder,
                Activity.CreateMessage(text), [b.Name, b.Code, s.Eta], notBefore);
        }
    }

    /// <summary>One message per agency liaison listing only that agency's stops, with attendance buttons per stop.</summary>
    public static IEnumerable<OutboxMessage> AgencyReminders(RouteView view, IReadOnlyDictionary<string, PlannableBooking> bookings,
        IReadOnlyDictionary<string, Agency> agencies, bool morning, DateTimeOffset notBefore)
    {
        var day = DateOnly.Parse(view.Date);
        var stops = view.AllStops().Select(x => x.Stop).Where(s => bookings.ContainsKey(s.BookingCode)).ToList();
        foreach (var agency in agencies.Values.OrderBy(a => a.Id, StringComparer.Ordinal))
        {
            var own = stops.Where(s => bookings[s.BookingCode].Stakeholders.Contains(agency.Id)).ToList();
            if (own.Count == 0) continue;
            var sb = new StringBuilder(T.Get(morning ? "agency.h0" : "agency.h1", ("agency", agency.Name), ("day", IndonesianDates.Day(day))));
            foreach (var s in own)
                sb.Append('\n').Append(T.Get("agency.stop", ("eta", s.Eta), ("kelurahan", s.Kelurahan), ("code", s.BookingCode), ("business", bookings[s.BookingCode].Business)));
            sb.Append('\n').Append(T["agency.ask"]);
            foreach (var liaison in agency.UserKeys)
            {
                var a = Activity.CreateMessage(sb.ToString());
                a.SuggestedActions = new SuggestedActions
                {
                    Actions = own.SelectMany(s => new[] { T.Get("attendance.yes", ("code", s.BookingCode)), T.Get("attendance.no", ("code", s.BookingCode)) })
                        .Select(t => CardAction.ImBack(t)).ToList(),
                };
                yield return new OutboxMessage($"{(morning ? "h0" : "h1")}:agency:{agency.Id}:{liaison}:{view.Date}", liaison, MessageKind.AgencyReminder, a,
                    [agency.Name, IndonesianDates.Day(day)], notBefore) { Subject = view.Date }; // the visit day: what the send-time refresh re-reads
            }
        }
    }
}
