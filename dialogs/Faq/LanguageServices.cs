using KissBot.Faq;
using KissBot.Language;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace KissBot.Dialogs.Faq;

/// <summary>Language understanding and the FAQ as DI singletons (no static model instances): the intent classifier
/// trained once at startup, the NLU parser, the FAQ index, the office contacts the answers refer to, and the store of
/// unanswered questions for staff review.</summary>
public static class LanguageServices
{
    public static IServiceCollection AddKissBotLanguage(this IServiceCollection services, IConfiguration config)
    {
        services.AddSingleton(_ => IntentClassifier.CreateDefault());
        services.AddSingleton<IIntentRecognizer, ClassifierIntentRecognizer>();
        services.AddSingleton(sp => new NluParser(sp.GetRequiredService<IntentClassifier>(), sp.GetRequiredService<KelurahanMatcher>()));
        services.AddSingleton(sp => new FaqIndex(FaqIndex.LoadEmbedded(), sp.GetRequiredService<IntentClassifier>()));
        services.AddSingleton(new FaqContacts(
            config["Faq:KissMerriedContact"] ?? FaqService.Texts["default.kissMerriedContact"],
            config["Faq:KissMerriedSchedule"] ?? FaqService.Texts["default.kissMerriedSchedule"],
            config["Faq:ComplaintContact"] ?? FaqService.Texts["default.complaintContact"]));
        services.AddSingleton<FaqService>();
        services.AddSingleton<IUnansweredQuestions, PostgresUnansweredQuestions>();
        services.AddSingleton<IntentClarification>(); // asks on close calls, keeps unsure intents for staff review
        services.AddSingleton<FaqFlow>(); // the FAQ's chat entry (its place in the route table: dialogs/Main/RouteTable.cs)
        return services;
    }
}
