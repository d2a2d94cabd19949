namespace KissBot.Complaints;

/// <summary>LAPOR! report type (docs/reference/pengaduan.md §4a).</summary>
public enum ComplaintType { Aspirasi, Pengaduan, PermintaanInformasi }

/// <summary>
/// Subject of a complaint (docs/reference/pengaduan.md §4b): nine categories aligned with the SKM elements U1..U9, OSS system
/// problems, misconduct, and "other". <see cref="Kkn"/> is our addition for the brief's "pungli/KKN/maladministrasi"
/// (docs/reference/pengaduan.md lists BIAYA_PUNGLI and PENYALAHGUNAAN_WEWENANG only).
/// </summary>
public enum ComplaintCategory
{
    Persyaratan, Prosedur, Waktu, BiayaPungli, Produk, Kompetensi, Perilaku, Sarana, PengaduanLayanan,
    SistemOss, PenyalahgunaanWewenang, Kkn, Lainnya,
}

/// <param name="Code">Stable storage code (SCREAMING_SNAKE, as in docs/reference/pengaduan.md).</param>
/// <param name="Label">Indonesian label for menus and reports.</param>
/// <param name="Example">Short Indonesian example for the menu.</param>
/// <param name="SkmElementCode">The SKM element the category reads with (U1..U9), if any.</param>
/// <param name="IsMisconduct">Pungli, abuse of authority/maladministration, KKN: identity always hidden, content never
/// published, escalation offered at once (docs/reference/pengaduan.md §6–7).</param>
/// <param name="ProtectsIdentity">Identity hidden from handling staff even without a request: misconduct plus
/// complaints about an officer's behaviour (risk of retaliation; Perpres 76/2013 protection principle).</param>
/// <param name="OutsideDpmptsp">Mostly outside DPMPTSP's control (OSS is run by the Ministry of Investment): explain/route.</param>
public sealed record ComplaintCategoryInfo(
    ComplaintCategory Category, string Code, string Label, string Example, string? SkmElementCode,
    bool IsMisconduct, bool ProtectsIdentity, bool OutsideDpmptsp);

public static class ComplaintCategories
{
    /// <summary>Labels and examples (Indonesian) by storage code: <c>shared/Complaints/complaint-categories.texts.json</c>.</summary>
    private static readonly IReadOnlyDictionary<string, CategoryWords> Words =
        KissBot.Text.TextTable.LoadEmbedded(typeof(ComplaintCategories).Assembly, "complaint-categories.texts.json")
            .Read<Dictionary<string, CategoryWords>>("categories");

    private sealed record CategoryWords(string Label, string Example, string[]? Recognised = null);

    private static ComplaintCategoryInfo Rule(ComplaintCategory category, string code, string? skmElementCode, bool isMisconduct, bool protectsIdentity, bool outsideDpmptsp) =>
        Words.TryGetValue(code, out var w)
            ? new(category, code, w.Label, w.Example, skmElementCode, isMisconduct, protectsIdentity, outsideDpmptsp)
            : throw new InvalidOperationException($"complaint-categories.texts.json has no entry {code}.");

    public static readonly IReadOnlyList<ComplaintCategoryInfo> All =
    [
        Rule(ComplaintCategory.Persyaratan, "PERSYARATAN", "U1", isMisconduct: false, protectsIdentity: false, outsideDpmptsp: false),
        Rule(ComplaintCategory.Prosedur, "PROSEDUR", "U2", isMisconduct: false, protectsIdentity: false, outsideDpmptsp: false),
        Rule(ComplaintCategory.Waktu, "WAKTU", "U3", isMisconduct: false, protectsIdentity: false, outsideDpmptsp: false),
        Rule(ComplaintCategory.BiayaPungli, "BIAYA_PUNGLI", "U4", isMisconduct: true, protectsIdentity: true, outsideDpmptsp: false),
        Rule(ComplaintCategory.Produk, "PRODUK", "U5", isMisconduct: false, protectsIdentity: false, outsideDpmptsp: false),
        Rule(ComplaintCategory.Kompetensi, "KOMPETENSI", "U6", isMisconduct: false, protectsIdentity: false, outsideDpmptsp: false),
        Rule(ComplaintCategory.Perilaku, "PERILAKU", "U7", isMisconduct: false, protectsIdentity: true, outsideDpmptsp: false),
        Rule(ComplaintCategory.Sarana, "SARANA", "U8", isMisconduct: false, protectsIdentity: false, outsideDpmptsp: false),
        Rule(ComplaintCategory.PengaduanLayanan, "PENGADUAN_LAYANAN", "U9", isMisconduct: false, protectsIdentity: false, outsideDpmptsp: false),
        Rule(ComplaintCategory.SistemOss, "SISTEM_OSS", null, isMisconduct: false, protectsIdentity: false, outsideDpmptsp: true),
        Rule(ComplaintCategory.PenyalahgunaanWewenang, "PENYALAHGUNAAN_WEWENANG", null, isMisconduct: true, protectsIdentity: true, outsideDpmptsp: false),
        Rule(ComplaintCategory.Kkn, "KKN", null, isMisconduct: true, protectsIdentity: true, outsideDpmptsp: false),
        Rule(ComplaintCategory.Lainnya, "LAINNYA", null, isMisconduct: false, protectsIdentity: false, outsideDpmptsp: false),
    ];

    public static ComplaintCategoryInfo Info(ComplaintCategory c) => All.First(i => i.Category == c);

    public static ComplaintCategoryInfo? ByCode(string? code) =>
        All.FirstOrDefault(i => string.Equals(i.Code, code?.Trim(), StringComparison.OrdinalIgnoreCase));

    public static bool IsMisconduct(ComplaintCategory c) => Info(c).IsMisconduct;

    /// <summary>The complaint category that reads with an SKM element (U1..U9), e.g. for "weakest element" follow-up.</summary>
    public static ComplaintCategory? ForSkmElement(string elementCode) =>
        All.FirstOrDefault(i => string.Equals(i.SkmElementCode, elementCode, StringComparison.OrdinalIgnoreCase))?.Category;

    /// <summary>
    /// A starting SLA class for the verifying officer (who decides): information requests → Simple; misconduct →
    /// WithFieldCheck (needs examination); everything else → WithoutFieldCheck.
    /// </summary>
    public static ComplaintSlaClass SuggestedSlaClass(ComplaintType type, ComplaintCategory category) =>
        type == ComplaintType.PermintaanInformasi ? ComplaintSlaClass.Simple
        : IsMisconduct(category) ? ComplaintSlaClass.WithFieldCheck
        : type == ComplaintType.Aspirasi ? ComplaintSlaClass.Simple
        : ComplaintSlaClass.WithoutFieldCheck;

    /// <summary>Numbered menu "1. Persyaratan – diminta dokumen di luar standar" for the chat.</summary>
    public static string Menu() => string.Join("\n", All.Select((c, i) => $"{i + 1}. {c.Label} – {c.Example}"));

    /// <summary>Picks a category from a menu number or code/label; null when unclear.</summary>
    public static ComplaintCategory? Parse(string? input)
    {
        var s = input?.Trim() ?? "";
        if (int.TryParse(s.TrimEnd('.'), out var n) && n >= 1 && n <= All.Count) return All[n - 1].Category;
        return ByCode(s.Replace(' ', '_'))?.Category
            ?? All.FirstOrDefault(i => string.Equals(i.Label, s, StringComparison.OrdinalIgnoreCase))?.Category
            ?? All.FirstOrDefault(i => Words[i.Code].Recognised?.Any(w => s.Contains(w, StringComparison.OrdinalIgnoreCase)) == true)?.Category;
    }
}
