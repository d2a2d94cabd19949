namespace KissBot.Dialogs.Runtime;

/// <summary>
/// The dialogs (and their prompts) one feature adds to the bot's single <see cref="DialogSet"/>. Each feature module
/// registers one of these; the main feature builds the set from all of them, so no feature decorates another's
/// registration.
/// </summary>
public sealed record FeatureDialogs(IReadOnlyList<Dialog> Dialogs);
