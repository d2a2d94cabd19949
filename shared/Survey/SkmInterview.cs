namespace KissBot.Survey;

public enum SkmInterviewStage { Consent, Question, Gender, Age, Education, Occupation, OccupationOther, Suggestion, Done, Declined, Cancelled }

/// <summary>
/// Serializable state of one SKM chat (store it between messages). Immutable; <see cref="SkmInterview.Next"/> returns
/// a new state.
/// </summary>
public sealed record SkmInterviewState(
    SkmInterviewStage Stage,
    int QuestionIndex,
    IReadOnlyDictionary<string, int> Scores,
    SkmProfile Profile,
    string? Suggestion = null,
    bool WantsComplaint = false)
{
    public static SkmInterviewState Initial => new(SkmInterviewStage.Consent, 0, new Dictionary<string, int>(), SkmProfile.Empty);

    public bool IsFinished => Stage is SkmInterviewStage.Done or SkmInterviewStage.Declined or SkmInterviewStage.Cancelled;

    /// <summary>True once the nine scores are in (profile and suggestion are optional).</summary>
    public bool HasAllScores => SkmElements.All.All(e => Scores.ContainsKey(e.Code));
}

/// <param name="State">The state after the reply.</param>
/// <param name="Message">What the bot sends next (Indonesian).</param>
/// <param name="Accepted">False when the reply was not understood and <paramref name="Message"/> is a hint.</param>
public sealed record SkmInterviewStep(SkmInterviewState State, string Message, bool Accepted);

/// <summary>
/// The SKM questionnaire as a pure state machine: consent → U1..U9 → profile (optional, LEWATI) → suggestion → thanks.
/// BATAL at any point stops without saving. All texts come from <see cref="SkmTexts"/>; no I/O.
/// </summary>
public static class SkmInterview
{
    public const int MaxSuggestionLength = 1000;

    /// <summary>The first message (consent) with the initial state.</summary>
    public static SkmInterviewStep Start() => new(SkmInterviewState.Initial, SkmTexts.Consent, true);

    public static SkmInterviewStep Next(SkmInterviewState state, string? input)
    {
        ArgumentNullException.ThrowIfNull(state);
        if (state.IsFinished) throw new InvalidOperationException("The SKM interview is finished.");
        if (SkmTexts.CancelWords.Contains(SkmAnswerParser.Normalize(input)))
            return new(state with { Stage = SkmInterviewStage.Cancelled, Scores = new Dictionary<string, int>() }, SkmTexts.Cancelled, true);

        switch (state.Stage)
        {
            case SkmInterviewStage.Consent:
            {
                var yes = SkmProfileParser.ParseYesNo(input);
                if (!yes.Ok) return new(state, yes.Hint!, false);
                if (yes.Value == false) return new(state with { Stage = SkmInterviewStage.Declined }, SkmTexts.ConsentDeclined, true);
                var next = state with { Stage = SkmInterviewStage.Question, QuestionIndex = 0 };
                return new(next, SkmTexts.ConsentAccepted + "\n\n" + SkmTexts.FormatQuestion(SkmElements.All[0]), true);
            }
            case SkmInterviewStage.Question:
            {
                var element = SkmElements.All[state.QuestionIndex];
                var r = SkmAnswerParser.Parse(input, element);
                if (!r.IsValid) return new(state, r.Hint!, false);
                var scores = new Dictionary<string, int>(state.Scores) { [element.Code] = r.Value };
                if (state.QuestionIndex + 1 < SkmElements.Count)
                {
                    var i = state.QuestionIndex + 1;
                    return new(state with { QuestionIndex = i, Scores = scores }, SkmTexts.FormatQuestion(SkmElements.All[i]), true);
                }
                return new(state with { Stage = SkmInterviewStage.Gender, Scores = scores }, SkmTexts.ProfileIntro + "\n\n" + SkmTexts.AskGender, true);
            }
            case SkmInterviewStage.Gender:
            {
                var g = SkmProfileParser.ParseGender(input);
                if (!g.Ok) return new(state, g.Hint!, false);
                return new(state with { Stage = SkmInterviewStage.Age, Profile = state.Profile with { Gender = g.Value } }, SkmTexts.AskAge, true);
            }
            case SkmInterviewStage.Age:
            {
                var a = SkmProfileParser.ParseAge(input);
                if (!a.Ok) return new(state, a.Hint!, false);
                return new(state with { Stage = SkmInterviewStage.Education, Profile = state.Profile with { Age = a.Value } }, SkmTexts.AskEducation, true);
            }
            case SkmInterviewStage.Education:
            {
                var e = SkmProfileParser.ParseEducation(input);
                if (!e.Ok) return new(state, e.Hint!, false);
                return new(state with { Stage = SkmInterviewStage.Occupation, Profile = state.Profile with { Education = e.Value } }, SkmTexts.AskOccupation, true);
            }
            case SkmInterviewStage.Occupation:
            {
                var o = SkmProfileParser.ParseOccupation(input);
                if (!o.Ok) return new(state, o.Hint!, false);
                var profile = state.Profile with { Occupation = o.Value };
                return o.Value == SkmOccupation.Lainnya
                    ? new(state with { Stage = SkmInterviewStage.OccupationOther, Profile = profile }, SkmTexts.AskOccupationOther, true)
                    : new(state with { Stage = SkmInterviewStage.Suggestion, Profile = profile }, SkmTexts.AskSuggestion, true);
            }
            case SkmInterviewStage.OccupationOther:
            {
                var text = SkmProfileParser.IsSkip(input) ? null : Truncate(input?.Trim(), 60);
                return new(state with { Stage = SkmInterviewStage.Suggestion, Profile = state.Profile with { OccupationOther = text } }, SkmTexts.AskSuggestion, true);
            }
            case SkmInterviewStage.Suggestion:
            {
                var n = SkmAnswerParser.Normalize(input);
                if (SkmTexts.ComplaintWords.Contains(n))
                    return new(state with { Stage = SkmInterviewStage.Done, WantsComplaint = true }, SkmTexts.SuggestionComplaint, true);
                var suggestion = SkmProfileParser.IsSkip(input) || n.Length == 0 ? null : Truncate(input!.Trim(), MaxSuggestionLength);
                return new(state with { Stage = SkmInterviewStage.Done, Suggestion = suggestion }, SkmTexts.Thanks, true);
            }
            default:
                throw new InvalidOperationException($"Unexpected stage {state.Stage}.");
        }
    }

    /// <summary>The anonymous response to store once <see cref="SkmInterviewStage.Done"/> is reached.</summary>
    public static SkmResponse ToResponse(SkmInterviewState state, string responseId, DateTimeOffset submittedAt, string? kecamatan = null, string? riskLevel = null)
    {
        if (state.Stage != SkmInterviewStage.Done || !state.HasAllScores)
            throw new InvalidOperationException("The SKM interview is not complete.");
        return new SkmResponse(responseId, submittedAt, new Dictionary<string, int>(state.Scores), state.Profile, kecamatan, riskLevel, state.Suggestion);
    }

    private static string? Truncate(string? s, int max) => s is null ? null : s.Length <= max ? s : s[..max];
}
