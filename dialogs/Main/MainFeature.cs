using KissBot.Dialogs.Runtime;
using KissBot.Handoff;
using KissBot.Runtime;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace KissBot.Dialogs;

/// <summary>
/// The root of the conversation: one dialog set made of every feature's dialogs, the route table, the main bot and the
/// live-chat gate in front of it. Register it after the features.
/// </summary>
public static class MainFeature
{
    public static IServiceCollection AddMainFeature(this IServiceCollection services, IConfiguration config)
    {
        services.AddSingleton<IQuestionAnswerer, FlowQuestionAnswerer>();
        services.AddSingleton(sp =>
        {
            var set = new DialogSet();
            foreach (var feature in sp.GetServices<FeatureDialogs>())
                foreach (var dialog in feature.Dialogs) set.Add(dialog);
            return set;
        });
        services.AddSingleton<FlowQuestionEntry>();
        services.AddSingleton<RouteTable>();
        services.AddSingleton<MainBot>();
        services.AddSingleton<IBot>(sp => new HumanHandoffGate(sp.GetRequiredService<MainBot>(), // quiet while an officer answers
            sp.GetRequiredService<HandoffQueue>(), sp.GetRequiredService<TimeProvider>()));
        return services;
    }
}
