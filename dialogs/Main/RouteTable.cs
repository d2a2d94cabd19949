using KissBot.Dialogs.Booking;
using KissBot.Dialogs.Complaints;
using KissBot.Dialogs.Faq;
using KissBot.Dialogs.Scheduling;
using KissBot.Dialogs.Survey;

namespace KissBot.Dialogs;

/// <summary>One row of the route table: a feature's entry and whether it may interrupt a form that is being filled.</summary>
/// <param name="Entry">The feature's entry point.</param>
/// <param name="InterruptsForms">True when the entry may take a message away from a slot-filling form (booking,
/// complaint, survey). The FAQ may not: a form answers questions itself and then asks its question again.</param>
public sealed record Route(IFlowEntry Entry, bool InterruptsForms);

/// <summary>
/// Which feature sees a message first, and why. <see cref="MainBot"/> offers every new message (or an interruption of
/// an open flow) to these entries top to bottom; the first that takes it wins. Escapes ("batal", "menu", "bantuan")
/// come before this table, and an officer's live chat before everything (<see cref="HumanHandoffGate"/>).
/// This is the only place that decides the order: feature registration order does not matter.
/// </summary>
public sealed class RouteTable
{
    public RouteTable(SurveyEntry survey, AttendanceEntry attendance, HumanHandoffEntry handoff, ComplaintEntry complaints,
        ServiceAreaEntry serviceArea, FlowQuestionEntry flowQuestions, FaqFlow faq, BookingEntry booking)
    {
        Routes =
        [
            // 1. "Isi survei" (the invitation's button) starts the SKM questionnaire. Once open it is a form like
            //    the booking: it reads every message itself (a suggestion phrased as a question is the suggestion).
            new(survey, InterruptsForms: false),
            // 2. Agency liaisons press "Hadir KM-…" / "Tidak hadir KM-…" on a reminder: an exact button text, never
            //    anything else.
            new(attendance, InterruptsForms: true),
            // 3. Asking for a person works anywhere, also in the middle of a booking or complaint.
            new(handoff, InterruptsForms: true),
            // 4. Complaints: a PGD-… code and the reply to "apakah Bapak/Ibu puas?" belong to the complaint feature,
            //    before the FAQ could read them as questions.
            new(complaints, InterruptsForms: true),
            // 5. "bisa ke lombok barat?": the honest service-area answer before the FAQ or a booking starts.
            new(serviceArea, InterruptsForms: true),
            // 6. Questions. Not inside a form: the form answers a mid-flow question itself and resumes. A flow with its
            //    own resume words (reschedule, cancel, the one-time-code proof) resumes with them; others with the FAQ's.
            new(flowQuestions, InterruptsForms: false),
            new(faq, InterruptsForms: false),
            // 7. Booking, status, reschedule, cancel: the widest intents, so last.
            new(booking, InterruptsForms: true),
        ];
    }

    public IReadOnlyList<Route> Routes { get; }

    public IEnumerable<IFlowEntry> Entries => Routes.Select(r => r.Entry);

    public IEnumerable<IFlowEntry> FormInterrupters => Routes.Where(r => r.InterruptsForms).Select(r => r.Entry);
}
