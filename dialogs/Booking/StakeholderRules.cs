using KissBot.Bookings;
using KissBot.Language;

namespace KissBot.Dialogs.Booking;

/// <summary>
/// Which agencies (OPD) should join a visit, from what the business does. The table is the office's knowledge written
/// down: keywords (normalised, stemmed words) and KBLI 2020 divisions → stakeholder ids of the seeded agency list.
/// An unknown business still gets Perdagangan and Koperasi dan UKM, the two agencies that serve most micro businesses
/// in Kota Mataram; the coordinator adjusts it when confirming the booking.
/// </summary>
public static class StakeholderRules
{
    public const string Perdagangan = "perdagangan", Perindustrian = "perindustrian", Kpp = "kpp",
        Dinkes = "dinkes", Dlh = "dlh", KoperasiUkm = "koperasi_ukm";

    /// <summary>The keyword rules and agency names: <c>dialogs/Booking/stakeholder-rules.texts.json</c>.</summary>
    private static readonly KissBot.Text.TextTable Data =
        KissBot.Text.TextTable.LoadEmbedded(typeof(StakeholderRules).Assembly, "stakeholder-rules.texts.json");

    private sealed record KeywordRule(string[] Keywords, string[] Stakeholders);

    private static readonly IReadOnlyList<KeywordRule> KeywordRules = Data.Read<List<KeywordRule>>("keywordRules");

    /// <summary>KBLI 2020 two-digit divisions → agencies.</summary>
    private static string[] ByKbliDivision(int division) => division switch
    {
        10 or 11 => [Dinkes, Perindustrian],
        >= 12 and <= 33 => [Perindustrian],
        >= 36 and <= 39 => [Dlh],
        >= 45 and <= 47 => [Perdagangan],
        56 => [Dinkes, Perdagangan],
        >= 86 and <= 88 => [Dinkes],
        95 => [Dlh],
        96 => [Dlh],
        64 or 65 or 66 => [KoperasiUkm],
        _ => [],
    };

    public static IReadOnlyList<string> For(string businessDescription, string? kbli, BusinessForm form)
    {
        var result = new SortedSet<string>(StringComparer.Ordinal);
        var normalized = " " + TextNormalizer.Normalize(businessDescription) + " ";
        var stems = " " + string.Join(' ', TextNormalizer.Words(businessDescription).Select(TextNormalizer.Stem)) + " ";
        foreach (var (keywords, stakeholders) in KeywordRules)
            if (keywords.Any(k => normalized.Contains(" " + k + " ") || stems.Contains(" " + k + " ")))
                result.UnionWith(stakeholders);
        if (kbli is { Length: 5 } && int.TryParse(kbli[..2], out var division)) result.UnionWith(ByKbliDivision(division));
        if (result.Count == 0) result.UnionWith([Perdagangan, KoperasiUkm]);
        if (form == BusinessForm.BadanUsaha) result.Add(Kpp); // NPWP badan and tax registration at the visit
        else result.Add(KoperasiUkm); // a perorangan business is almost always a micro/small business (UMKM)
        return result.ToList();
    }

    public static readonly IReadOnlyDictionary<string, string> Names = Data.Read<Dictionary<string, string>>("names");
}
