using KissBot.Handoff;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace KissBot.Dialogs;

/// <summary>Live chat with an officer: the request queue and the chat entry (the console page is in bot/Console/Handoff).</summary>
public static class HandoffFeature
{
    public static IServiceCollection AddHandoffFeature(this IServiceCollection services, IConfiguration config)
    {
        services.AddSingleton(HandoffOptions.From(config));
        services.AddSingleton<HandoffQueue>();
        services.AddSingleton<HumanHandoffEntry>();
        services.AddSingleton<KissBot.Runtime.ITurnRead, HandoffTurnRead>(); // the gate's read rides with the turn's state read
        return services;
    }
}
