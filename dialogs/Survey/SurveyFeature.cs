using KissBot.Dialogs.Runtime;
using KissBot.Survey;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace KissBot.Dialogs.Survey;

/// <summary>The SKM survey feature: the questionnaire and its start words (the invitation is sent by the field officer's page).</summary>
public static class SurveyFeature
{
    public static IServiceCollection AddSurveyFeature(this IServiceCollection services, IConfiguration config)
    {
        services.AddSingleton<SkmRepository>();
        services.AddSingleton<SurveyDialog>();
        services.AddSingleton(sp => new FeatureDialogs([sp.GetRequiredService<SurveyDialog>()]));
        services.AddSingleton<SurveyEntry>();
        return services;
    }
}
