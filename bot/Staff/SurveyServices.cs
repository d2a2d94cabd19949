using KissBot.Dialogs;
using KissBot.Dialogs.Runtime;
using KissBot.Dialogs.Survey;
using KissBot.Survey;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace KissBot.Bot.Hosting;

/// <summary>DI of the SKM feature (one line in <c>AddKissBot</c>, after the DialogSet and the other flow entries are registered).</summary>
public static class SurveyServices
{
    public static IServiceCollection AddSkmSurvey(this IServiceCollection services, IConfiguration config)
    {
        services.TryAddSingleton<SkmRepository>();
        services.TryAddSingleton<SurveyDialog>();

        // The survey dialog joins the one DialogSet of the bot: decorate its registration.
        var set = services.Last(d => d.ServiceType == typeof(DialogSet));
        services.Remove(set);
        services.AddSingleton(sp =>
        {
            var inner = set.ImplementationFactory is { } f ? (DialogSet)f(sp) : (DialogSet)(set.ImplementationInstance ?? new DialogSet());
            return inner.Add(sp.GetRequiredService<SurveyDialog>());
        });

        // First among the flow entries: while the questionnaire is open, an answer (e.g. a suggestion phrased as a
        // question) must reach the survey, not the FAQ.
        var entry = ServiceDescriptor.Singleton<IFlowEntry, SurveyEntry>();
        var first = services.Select((d, i) => (d, i)).FirstOrDefault(x => x.d.ServiceType == typeof(IFlowEntry));
        if (first.d is null) services.Add(entry);
        else services.Insert(first.i, entry);
        return services;
    }
}
