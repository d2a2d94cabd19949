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
            config["Faq:KissMerriedContact"] ?? "chat ini atau kantor DPMPTSP Kota Mataram (Jl. Flamboyan No. 1)",
            config["Faq:KissMerriedSchedule"] ?? "hari kerja Senin–Jumat sesuai jadwal yang dikonfirmasi petugas",
            config["Faq:ComplaintContact"] ?? "menu Pengaduan di chat ini atau langsung di kantor DPMPTSP Kota Mataram"));
        services.AddSingleton<FaqService>();
        services.AddSingleton<IUnansweredQuestions, PostgresUnansweredQuestions>();
        services.AddSingleton<IntentClarification>(); // asks on close calls, keeps unsure intents for staff review
        services.AddSingleton<FaqFlow>(); // the FAQ's chat entry (its place in the route table: dialogs/Main/RouteTable.cs)
        return services;
    }
}
