using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using KissBot.Bookings;
using KissBot.Dialogs.Runtime;
using KissBot.Protocol;
using KissBot.Runtime;
using KissBot.Text;
using KissBot.Time;

namespace KissBot.Dialogs.Booking;

/// <summary>
/// Status, reschedule and cancel of the user's own bookings. A user only ever sees bookings whose owner key is theirs
/// or that this chat was granted with a one-time code (<see cref="BookingAccessRepository"/>): a code belonging to
/// someone else answers exactly like an unknown code, and both lead to the proof by phone or NIK.
/// </summary>
public static partial class ManageBookings
{
    public const string StatusId = "booking.status", RescheduleId = "booking.reschedule", CancelId = "booking.cancel", AccessId = "booking.access";
    internal const string PickPrompt = "booking.pick", ConfirmPrompt = "booking.manage.confirm", NewWhenPrompt = "booking.newWhen",
        NewTimePrompt = "booking.newTime";
    private static readonly TextTable T = BookingTexts.Table;

    [GeneratedRegex(@"(?i)\bKM\s*-?\s*(\d{4})\s*-?\s*(\d{1,5})\b")]
    private static partial Regex CodePattern();

    /// <summary>Finds a booking code in free text ("km 2026 12", "KM-2026-00012") and writes it canonically.</summary>
    public static string? FindCode(string? text) =>
        text is not null && CodePattern().Match(text) is { Success: true } m ? $"KM-{m.Groups[1].Value}-{int.Parse(m.Groups[2].Value):00000}" : null;

    public static string StatusName(BookingStatus status) => T[$"status.{status.Code()}"];

    public static string Describe(Bookings.Booking b) => T.Get("status.detail", ("code", b.Code), ("status", StatusName(b.Status)),
        ("when", IndonesianDates.DayAndTime(b.VisitDate, b.VisitTime)),
        ("location", b.Kelurahan is null ? "-" : $"Kel. {b.Kelurahan}, Kec. {b.Kecamatan}" + (string.IsNullOrWhiteSpace(b.Address) ? "" : $" — {b.Address}")));

    public static IEnumerable<Dialog> All(BookingRepository bookings, VisitRules rules, BookingDialog booking, BookingAccessRepository access, TimeProvider clock)
    {
        yield return new StatusDialog(bookings, access);
        yield return new ChangeDialog(RescheduleId, bookings, rules, access);
        yield return new ChangeDialog(CancelId, bookings, rules, access);
        yield return new AccessDialog(AccessId, BookingAccessRepository.Subject, access.Records, T, AccessCodeKind, clock);
        yield return new Prompt(PickPrompt, (turn, o, _) =>
        {
            var code = FindCode(turn.Text());
            if (code is not null && o.Choices!.Any(c => c.Value == code)) return Task.FromResult(PromptRecognition.Ok(code));
            return Task.FromResult(Recognizers.Choice(turn.Text(), o.Choices!, T["pick.bad"]));
        });
        yield return new Prompt(ConfirmPrompt, Recognizers.Confirm(T["yesno.bad"]));
        yield return new Prompt(NewWhenPrompt, (turn, o, ct) =>
            booking.RecognizeWhenAsync(turn.Text(), DialogContext.FromNode<DateOnly?>(o.Context), ct));
        yield return new Prompt(NewTimePrompt, (turn, o, ct) =>
        {
            var day = DialogContext.FromNode<DateOnly>(o.Context);
            var time = Language.DateTimeRecognizer.RecognizeTime(turn.Text());
            if (time is null) return Task.FromResult(PromptRecognition.Fail(T["when.time.bad"]));
            return Task.FromResult(rules.CheckTime(day, time.Value) is { } hint ? PromptRecognition.Fail(hint) : PromptRecognition.Ok(DialogContext.ToNode(time.Value)));
        });
    }

    /// <summary>"Cek status" / "booking saya": one booking by code, or the list of the user's own bookings.</summary>
    private sealed class StatusDialog(BookingRepository bookings, BookingAccessRepository access) : Dialog(StatusId)
    {
        public override async Task<DialogTurnResult> BeginAsync(DialogContext dc, JsonNode? options, CancellationToken ct)
        {
            var turn = dc.Turn;
            var code = FindCode(options?["text"]?.GetValue<string>());
            if (code is not null)
            {
                var b = await bookings.FindByCodeAsync(code, ct);
                // Someone else's booking answers exactly like an unknown code: both lead to the proof by phone or NIK.
                if (b is null || !await access.CanAccessAsync(b, turn.UserKey, ct))
                    return await dc.ReplaceDialogAsync(AccessId, AccessDialog.Options(code, StatusId, options?["text"]?.GetValue<string>()), ct);
                turn.SendText(Describe(b), BookingStatuses.IsActive(b.Status)
                        ? [T.Get("status.actionReschedule", ("code", b.Code)), T.Get("status.actionCancel", ("code", b.Code))]
                        : CommonTexts.MenuChoices);
                return await dc.EndDialogAsync(null, ct);
            }
            var mine = await MineAsync(bookings, access, turn.UserKey, ct);
            if (mine.Count == 0)
            {
                turn.SendText(T["status.none"], CommonTexts.MenuChoices);
                return await dc.EndDialogAsync(null, ct);
            }
            if (mine.Count == 1)
            {
                var b = mine[0];
                turn.SendText(Describe(b), BookingStatuses.IsActive(b.Status)
                    ? [T.Get("status.actionReschedule", ("code", b.Code)), T.Get("status.actionCancel", ("code", b.Code))]
                    : CommonTexts.MenuChoices);
                return await dc.EndDialogAsync(null, ct);
            }
            var lines = mine.Take(10).Select(b => $"• {b.Code} — {IndonesianDates.DayAndTime(b.VisitDate, b.VisitTime)} — {StatusName(b.Status)}");
            turn.SendText(T["status.list"] + "\n" + string.Join("\n", lines) + "\n\n" + T["status.pick"], mine.Take(10).Select(b => b.Code));
            return await dc.EndDialogAsync(null, ct);
        }
    }

    /// <summary>Reschedule or cancel: pick one of the user's active bookings, then confirm the change.</summary>
    private sealed class ChangeDialog(string id, BookingRepository bookings, VisitRules rules, BookingAccessRepository access) : Dialog(id)
    {
        private bool IsCancel => Id == CancelId;

        public override string? ResumeAfterQuestion(DialogInstance instance) => T[IsCancel ? "cancel.resume" : "reschedule.resume"];

        public override async Task<DialogTurnResult> BeginAsync(DialogContext dc, JsonNode? options, CancellationToken ct)
        {
            var turn = dc.Turn;
            var state = dc.ActiveDialog!.State;
            var active = (await MineAsync(bookings, access, turn.UserKey, ct)).Where(b => BookingStatuses.IsActive(b.Status)).ToList();
            var code = FindCode(options?["text"]?.GetValue<string>());
            if (code is not null)
            {
                var b = await bookings.FindByCodeAsync(code, ct);
                if (b is null || !await access.CanAccessAsync(b, turn.UserKey, ct))
                    return await dc.ReplaceDialogAsync(AccessId, AccessDialog.Options(code, Id, options?["text"]?.GetValue<string>()), ct);
                if (!BookingStatuses.IsActive(b.Status))
                {
                    turn.SendText(T.Get("notChangeable", ("code", b.Code), ("status", StatusName(b.Status))), CommonTexts.MenuChoices);
                    return await dc.EndDialogAsync(null, ct);
                }
                state["step"] = "picked";
                return await ResumeAsync(dc, b.Code, ct);
            }
            if (active.Count == 0)
            {
                turn.SendText(T["pick.noneActive"], CommonTexts.MenuChoices);
                return await dc.EndDialogAsync(null, ct);
            }
            if (active.Count == 1)
            {
                state["step"] = "picked";
                return await ResumeAsync(dc, active[0].Code, ct);
            }
            state["step"] = "picked";
            var lines = string.Join("\n", active.Select(b => $"• {b.Code} — {IndonesianDates.DayAndTime(b.VisitDate, b.VisitTime)}"));
            return await dc.BeginDialogAsync(PickPrompt, DialogContext.ToNode(new PromptOptions(
                T[IsCancel ? "pick.cancel" : "pick.reschedule"] + "\n" + lines, Choices: active.Select(b => new Choice(b.Code, b.Code)).ToList())), ct);
        }

        public override async Task<DialogTurnResult> ResumeAsync(DialogContext dc, JsonNode? result, CancellationToken ct)
        {
            var turn = dc.Turn;
            var state = dc.ActiveDialog!.State;
            switch (state["step"]?.GetValue<string>())
            {
                case "picked":
                {
                    var code = result!.GetValue<string>();
                    state["code"] = code;
                    var b = (await bookings.FindByCodeAsync(code, ct))!;
                    state["owner"] = b.OwnerKey; // the maker of the booking, also when this chat was granted it
                    var when = IndonesianDates.DayAndTime(b.VisitDate, b.VisitTime);
                    if (IsCancel)
                    {
                        state["step"] = "confirmed";
                        return await dc.BeginDialogAsync(ConfirmPrompt, DialogContext.ToNode(new PromptOptions(
                            T.Get("cancel.confirm", ("code", code), ("when", when)), Choices: Recognizers.YesNoChoices(T["yes"], T["no"]))), ct);
                    }
                    state["step"] = "newWhen";
                    state["currentDay"] = DialogContext.ToNode(b.VisitDate);
                    return await dc.BeginDialogAsync(NewWhenPrompt, DialogContext.ToNode(new PromptOptions(
                        T.Get("reschedule.current", ("when", when)) + "\n" + T["when.ask"], Context: DialogContext.ToNode<DateOnly?>(b.VisitDate))), ct);
                }
                case "newWhen":
                {
                    var day = DialogContext.FromNode<DateOnly>(result!["date"]);
                    state["date"] = DialogContext.ToNode(day);
                    if (result["time"] is { } t) return await AskConfirmReschedule(dc, day, DialogContext.FromNode<TimeOnly>(t), ct);
                    state["step"] = "newTime";
                    return await dc.BeginDialogAsync(NewTimePrompt, DialogContext.ToNode(new PromptOptions(
                        T.Get("when.time.ask", ("day", IndonesianDates.Day(day)), ("from", IndonesianDates.Time(rules.Options.FirstVisit)),
                            ("to", IndonesianDates.Time(rules.LatestStart(day)))), Context: DialogContext.ToNode(day))), ct);
                }
                case "newTime":
                    return await AskConfirmReschedule(dc, DialogContext.FromNode<DateOnly>(state["date"]), DialogContext.FromNode<TimeOnly>(result), ct);
                case "confirmed":
                {
                    var code = state["code"]!.GetValue<string>();
                    if (result?.GetValue<bool>() != true)
                    {
                        turn.SendText(IsCancel ? T.Get("cancel.kept", ("code", code)) : T["reschedule.kept"], CommonTexts.MenuChoices);
                        return await dc.EndDialogAsync(null, ct);
                    }
                    return await ApplyAsync(dc, code, ct);
                }
            }
            return await dc.EndDialogAsync(null, ct);
        }

        private async Task<DialogTurnResult> AskConfirmReschedule(DialogContext dc, DateOnly day, TimeOnly time, CancellationToken ct)
        {
            var state = dc.ActiveDialog!.State;
            state["date"] = DialogContext.ToNode(day);
            state["time"] = DialogContext.ToNode(time);
            state["step"] = "confirmed";
            return await dc.BeginDialogAsync(ConfirmPrompt, DialogContext.ToNode(new PromptOptions(
                T.Get("reschedule.confirm", ("code", state["code"]!.GetValue<string>()), ("when", IndonesianDates.DayAndTime(day, time))),
                Choices: Recognizers.YesNoChoices(T["yes"], T["no"]))), ct);
        }

        private async Task<DialogTurnResult> ApplyAsync(DialogContext dc, string code, CancellationToken ct)
        {
            var turn = dc.Turn;
            var state = dc.ActiveDialog!.State;
            BookingResult result;
            if (IsCancel)
                result = await bookings.TransitionAsync(code, BookingStatus.Cancelled, turn.UserKey, Owner(state, turn), "dibatalkan pemohon via chat", ct);
            else
            {
                var day = DialogContext.FromNode<DateOnly>(state["date"]);
                var time = DialogContext.FromNode<TimeOnly>(state["time"]);
                result = await bookings.RescheduleAsync(code, Owner(state, turn), day, time, rules.Options.DailyCapacity, ct);
                var again = result switch // the day was taken, or the moment passed, while the user confirmed: ask again
                {
                    BookingResult.DayFull full => T.Get("dayTaken", ("day", IndonesianDates.Day(full.Day))) + " " + await rules.FullDayHintAsync(full.Day, ct),
                    BookingResult.Refused refused => VisitRules.Describe(refused.Refusal),
                    _ => null,
                };
                if (again is not null)
                {
                    state["step"] = "newWhen";
                    return await dc.BeginDialogAsync(NewWhenPrompt, DialogContext.ToNode(new PromptOptions(again, Context: state["currentDay"])), ct);
                }
            }
            switch (result)
            {
                case BookingResult.Created { Booking: var b }:
                    turn.SendText(IsCancel ? T.Get("cancel.done", ("code", b.Code))
                        : T.Get("reschedule.done", ("code", b.Code), ("when", IndonesianDates.DayAndTime(b.VisitDate, b.VisitTime))), CommonTexts.MenuChoices);
                    break;
                case BookingResult.NotChangeable { Booking: var b }:
                    turn.SendText(T.Get("notChangeable", ("code", b.Code), ("status", StatusName(b.Status))), CommonTexts.MenuChoices);
                    break;
                default:
                    turn.SendText(T.Get("status.notFound", ("code", code)), CommonTexts.MenuChoices);
                    break;
            }
            return await dc.EndDialogAsync(null, ct);
        }
    }

    private static string Owner(JsonObject state, ITurnContext turn) => state["owner"]?.GetValue<string>() ?? turn.UserKey;

    /// <summary>The user's bookings: those this chat made and those it was granted by a one-time code.</summary>
    private static async Task<IReadOnlyList<Bookings.Booking>> MineAsync(BookingRepository bookings, BookingAccessRepository access, string userKey, CancellationToken ct)
    {
        var mine = (await bookings.ListByOwnerAsync(userKey, ct)).ToList();
        foreach (var code in await access.GrantedCodesAsync(userKey, ct))
            if (mine.All(b => b.Code != code) && await bookings.FindByCodeAsync(code, ct) is { } granted) mine.Add(granted);
        return mine.OrderByDescending(b => b.VisitDate).ToList();
    }

    /// <summary>Outbox kind of the one-time code sent to the WhatsApp number on a booking ({{1}} code, {{2}} booking code).</summary>
    public static readonly Messaging.MessageKind AccessCodeKind = Messaging.MessageKind.BookingAccessCode;

}
