namespace KissBot.Survey;

/// <summary>
/// All SKM conversation content in one place ("conversation content is data"): the nine elements with the Lampiran
/// sample questions and answer labels (skm.md §2), the informal answer vocabulary, consent, profile questions with the
/// options of skm.md §3, hints and thanks. Every user-facing string is polite Bahasa Indonesia addressing Bapak/Ibu and
/// short enough for a phone screen. Code must not hard-code user-facing SKM text anywhere else.
/// </summary>
public static class SkmTexts
{
    // ---------------------------------------------------------------- elements (skm.md §2, questionnaire order)

    public static readonly IReadOnlyList<SkmElement> Elements =
    [
        new("U1", 1, "Persyaratan",
            "Bagaimana pendapat Saudara tentang kesesuaian persyaratan pelayanan dengan jenis pelayanannya?",
            "Bagaimana pendapat Bapak/Ibu tentang kesesuaian persyaratan pelayanan dengan jenis pelayanannya?",
            ["Tidak sesuai", "Kurang sesuai", "Sesuai", "Sangat sesuai"]),
        new("U2", 2, "Sistem, Mekanisme, dan Prosedur",
            "Bagaimana pemahaman Saudara tentang kemudahan prosedur pelayanan di unit ini?",
            "Bagaimana pemahaman Bapak/Ibu tentang kemudahan prosedur pelayanan di unit ini?",
            ["Tidak mudah", "Kurang mudah", "Mudah", "Sangat mudah"]),
        new("U3", 3, "Waktu Penyelesaian",
            "Bagaimana pendapat Saudara tentang kecepatan waktu dalam memberikan pelayanan?",
            "Bagaimana pendapat Bapak/Ibu tentang kecepatan waktu dalam memberikan pelayanan?",
            ["Tidak cepat", "Kurang cepat", "Cepat", "Sangat cepat"]),
        new("U4", 4, "Biaya/Tarif",
            "Bagaimana pendapat Saudara tentang kewajaran biaya/tarif dalam pelayanan?",
            "Bagaimana pendapat Bapak/Ibu tentang kewajaran biaya/tarif dalam pelayanan?",
            ["Sangat mahal", "Cukup mahal", "Murah", "Gratis"]),
        new("U5", 5, "Produk Spesifikasi Jenis Pelayanan",
            "Bagaimana pendapat Saudara tentang kesesuaian produk pelayanan antara yang tercantum dalam standar pelayanan dengan hasil yang diberikan?",
            "Bagaimana pendapat Bapak/Ibu tentang kesesuaian hasil layanan (misalnya NIB) dengan yang tercantum dalam standar pelayanan?",
            ["Tidak sesuai", "Kurang sesuai", "Sesuai", "Sangat sesuai"]),
        new("U6", 6, "Kompetensi Pelaksana",
            "Bagaimana pendapat Saudara tentang kompetensi/kemampuan petugas dalam pelayanan?",
            "Bagaimana pendapat Bapak/Ibu tentang kompetensi/kemampuan petugas dalam pelayanan?",
            ["Tidak kompeten", "Kurang kompeten", "Kompeten", "Sangat kompeten"]),
        new("U7", 7, "Perilaku Pelaksana",
            "Bagaimana pendapat Saudara tentang perilaku petugas dalam pelayanan terkait kesopanan dan keramahan?",
            "Bagaimana pendapat Bapak/Ibu tentang kesopanan dan keramahan petugas dalam pelayanan?",
            ["Tidak sopan dan ramah", "Kurang sopan dan ramah", "Sopan dan ramah", "Sangat sopan dan ramah"]),
        new("U8", 8, "Sarana dan Prasarana",
            "Bagaimana pendapat Saudara tentang kualitas sarana dan prasarana?",
            "Bagaimana pendapat Bapak/Ibu tentang kualitas sarana dan prasarana (mobil layanan, perangkat, tempat)?",
            ["Buruk", "Cukup", "Baik", "Sangat baik"]),
        new("U9", 9, "Penanganan Pengaduan, Saran dan Masukan",
            "Bagaimana pendapat Saudara tentang penanganan pengaduan pengguna layanan?",
            "Bagaimana pendapat Bapak/Ibu tentang penanganan pengaduan, saran, dan masukan pengguna layanan?",
            ["Tidak ada", "Ada tetapi tidak berfungsi", "Berfungsi kurang maksimal", "Dikelola dengan baik"]),
    ];

    // ---------------------------------------------------------------- answer vocabulary (used by SkmAnswerParser)
    // Phrases are written in the parser's normal form: lower case, negations as "tidak", intensifiers as "sangat".
    // The labels themselves are always accepted and need not be repeated here.

    /// <summary>Extra phrases per element code, on top of the labels.</summary>
    public static readonly IReadOnlyDictionary<string, IReadOnlyDictionary<string, int>> ElementPhrases =
        new Dictionary<string, IReadOnlyDictionary<string, int>>
        {
            ["U1"] = new Dictionary<string, int> { ["tidak sesuai"] = 1, ["kurang sesuai"] = 2, ["sesuai"] = 3, ["sangat sesuai"] = 4 },
            ["U2"] = new Dictionary<string, int> { ["sulit"] = 1, ["tidak sulit"] = 3, ["tidak ribet"] = 3, ["tidak susah"] = 3, ["sangat sulit"] = 1, ["susah"] = 1, ["ribet"] = 1, ["berbelit"] = 1, ["kurang mudah"] = 2, ["mudah"] = 3, ["gampang"] = 3, ["sangat mudah"] = 4, ["sangat gampang"] = 4 },
            ["U3"] = new Dictionary<string, int> { ["lambat"] = 1, ["lama"] = 1, ["tidak lama"] = 3, ["tidak lambat"] = 3, ["sangat lambat"] = 1, ["sangat lama"] = 1, ["kurang cepat"] = 2, ["cepat"] = 3, ["sangat cepat"] = 4, ["kilat"] = 4 },
            ["U4"] = new Dictionary<string, int> { ["sangat mahal"] = 1, ["cukup mahal"] = 2, ["murah"] = 3, ["tidak mahal"] = 3, ["gratis"] = 4, ["tidak bayar"] = 4, ["tanpa biaya"] = 4, ["tidak ada biaya"] = 4, ["free"] = 4, ["tidak dipungut biaya"] = 4 },
            ["U5"] = new Dictionary<string, int> { ["tidak sesuai"] = 1, ["kurang sesuai"] = 2, ["sesuai"] = 3, ["sangat sesuai"] = 4 },
            ["U6"] = new Dictionary<string, int> { ["tidak kompeten"] = 1, ["kurang kompeten"] = 2, ["kompeten"] = 3, ["sangat kompeten"] = 4, ["tidak mampu"] = 1, ["kurang mampu"] = 2, ["mampu"] = 3, ["sangat mampu"] = 4, ["paham"] = 3, ["sangat paham"] = 4, ["ahli"] = 4 },
            ["U7"] = new Dictionary<string, int>
            {
                ["tidak sopan"] = 1, ["tidak ramah"] = 1, ["tidak sopan ramah"] = 1, ["kasar"] = 1, ["judes"] = 1, ["jutek"] = 1,
                ["kurang sopan"] = 2, ["kurang ramah"] = 2, ["kurang sopan ramah"] = 2,
                ["sopan"] = 3, ["ramah"] = 3, ["sopan ramah"] = 3,
                ["sangat sopan"] = 4, ["sangat ramah"] = 4, ["sangat sopan ramah"] = 4,
            },
            ["U8"] = new Dictionary<string, int> { ["buruk"] = 1, ["jelek"] = 1, ["sangat buruk"] = 1, ["tidak baik"] = 1, ["cukup"] = 2, ["cukup baik"] = 2, ["lumayan"] = 2, ["kurang baik"] = 2, ["baik"] = 3, ["bagus"] = 3, ["sangat baik"] = 4, ["sangat bagus"] = 4, ["lengkap"] = 3, ["sangat lengkap"] = 4 },
            ["U9"] = new Dictionary<string, int>
            {
                ["tidak ada"] = 1, ["tidak tersedia"] = 1,
                ["ada tapi tidak berfungsi"] = 2, ["tidak berfungsi"] = 2, ["ada tidak berfungsi"] = 2,
                ["berfungsi kurang maksimal"] = 3, ["kurang maksimal"] = 3, ["kurang optimal"] = 3,
                ["dikelola dengan baik"] = 4, ["dikelola baik"] = 4, ["sangat baik"] = 4, ["baik"] = 4, ["maksimal"] = 4, ["berfungsi baik"] = 4, ["berfungsi dengan baik"] = 4,
            },
        };

    /// <summary>General satisfaction words accepted for every element when no element phrase matched.</summary>
    public static readonly IReadOnlyDictionary<string, int> GeneralPhrases = new Dictionary<string, int>
    {
        ["tidak puas"] = 1, ["kecewa"] = 1, ["sangat kecewa"] = 1, ["sangat tidak puas"] = 1,
        ["kurang puas"] = 2, ["puas"] = 3, ["sangat puas"] = 4,
        ["tidak memuaskan"] = 1, ["kurang memuaskan"] = 2, ["memuaskan"] = 3, ["sangat memuaskan"] = 4,
        ["jelek"] = 1, ["buruk"] = 1, ["tidak baik"] = 1, ["tidak bagus"] = 1,
        ["kurang baik"] = 2, ["kurang bagus"] = 2,
        ["baik"] = 3, ["bagus"] = 3, ["oke"] = 3,
        ["sangat baik"] = 4, ["sangat bagus"] = 4, ["sempurna"] = 4, ["luar biasa"] = 4,
    };

    /// <summary>Words that are too vague to score on their own (the user gets <see cref="HintAmbiguous"/>).</summary>
    public static readonly IReadOnlyCollection<string> VagueWords = ["cukup", "lumayan", "biasa", "standar", "sedang", "netral", "mahal"];

    /// <summary>Phrases meaning "I never complained / don't know" for U9 (user gets <see cref="HintU9NeverComplained"/>).</summary>
    public static readonly IReadOnlyCollection<string> U9NeverComplained = ["belum pernah", "tidak pernah", "tidak tahu", "belum tahu", "tidak mengadu", "belum mengadu", "tidak ada keluhan", "tidak ada masalah", "tidak ada pengaduan", "tidak ada komplain"];

    // ---------------------------------------------------------------- conversation

    public const string ServiceName = "KISS MERRIED – penerbitan NIB/perizinan berusaha (OSS RBA)";

    public const string Consent =
        "Mohon kesediaan Bapak/Ibu mengisi Survei Kepuasan Masyarakat (SKM) layanan KISS MERRIED. " +
        "Ada 9 pertanyaan singkat (±2 menit).\n" +
        "Jawaban disimpan tanpa nama, NIK, atau nomor HP dan tidak memengaruhi layanan Bapak/Ibu.\n" +
        "Bersedia? Balas YA atau TIDAK.";

    public const string ConsentDeclined =
        "Baik, terima kasih Bapak/Ibu. Jika berubah pikiran, ketik SKM kapan saja.";

    public const string AnswerInstruction = "Balas dengan angka 1–4.";

    public const string ConsentAccepted = "Terima kasih, Bapak/Ibu. Ketik BATAL bila ingin berhenti.";

    public const string Cancelled = "Baik, survei dihentikan dan jawaban tidak disimpan. Terima kasih, Bapak/Ibu.";

    public const string SuggestionComplaint =
        "Terima kasih, Bapak/Ibu. Penilaian sudah tersimpan. Kami lanjutkan ke layanan pengaduan.";

    public const string ProfileIntro =
        "Terakhir, beberapa pertanyaan singkat tentang Bapak/Ibu (boleh dilewati dengan mengetik LEWATI).";

    public const string AskGender = "Jenis kelamin Bapak/Ibu?\n1. Laki-laki\n2. Perempuan";
    public const string AskAge = "Berapa usia Bapak/Ibu? (tulis angka, misalnya 35)";
    public const string AskEducation = "Pendidikan terakhir Bapak/Ibu?\n1. SD\n2. SMP\n3. SMA\n4. S1\n5. S2\n6. S3";
    public const string AskOccupation = "Pekerjaan utama Bapak/Ibu?\n1. PNS\n2. TNI\n3. POLRI\n4. Swasta\n5. Wirausaha\n6. Lainnya (sebutkan)";
    public const string AskOccupationOther = "Mohon sebutkan pekerjaan Bapak/Ibu secara singkat.";

    public const string AskSuggestion =
        "Apakah ada saran atau masukan untuk perbaikan layanan? Silakan tulis singkat, atau ketik LEWATI.\n" +
        "Jika ingin menyampaikan pengaduan, ketik ADUAN.";

    public const string Thanks =
        "Terima kasih, Bapak/Ibu. Penilaian Bapak/Ibu sangat berarti bagi perbaikan layanan KISS MERRIED DPMPTSP Kota Mataram.";

    // ---------------------------------------------------------------- profile options (skm.md §3)

    public static readonly IReadOnlyDictionary<SkmGender, string> GenderLabels = new Dictionary<SkmGender, string>
    {
        [SkmGender.LakiLaki] = "Laki-laki", [SkmGender.Perempuan] = "Perempuan",
    };

    public static readonly IReadOnlyDictionary<SkmEducation, string> EducationLabels = new Dictionary<SkmEducation, string>
    {
        [SkmEducation.SD] = "SD", [SkmEducation.SMP] = "SMP", [SkmEducation.SMA] = "SMA",
        [SkmEducation.S1] = "S1", [SkmEducation.S2] = "S2", [SkmEducation.S3] = "S3",
    };

    public static readonly IReadOnlyDictionary<SkmOccupation, string> OccupationLabels = new Dictionary<SkmOccupation, string>
    {
        [SkmOccupation.PNS] = "PNS", [SkmOccupation.TNI] = "TNI", [SkmOccupation.POLRI] = "POLRI",
        [SkmOccupation.Swasta] = "Swasta", [SkmOccupation.Wirausaha] = "Wirausaha", [SkmOccupation.Lainnya] = "Lainnya",
    };

    // ---------------------------------------------------------------- hints

    public const string HintOutOfRange = "Mohon maaf, pilihan hanya angka 1 sampai 4, Bapak/Ibu.";
    public const string HintAmbiguous = "Mohon maaf, jawaban tersebut bisa berarti lebih dari satu pilihan. Mohon pilih salah satu:";
    public const string HintConflicting = "Mohon maaf, jawaban Bapak/Ibu berisi dua penilaian berbeda. Mohon pilih satu saja:";
    public const string HintUnrecognized = "Mohon maaf, jawaban belum kami kenali. Mohon pilih salah satu:";
    public const string HintU9NeverComplained =
        "Tidak apa-apa bila Bapak/Ibu belum pernah mengadu. Mohon nilai apakah sarana pengaduan, saran, dan masukan tersedia dan berfungsi:";
    public const string HintGender = "Mohon balas 1 (Laki-laki) atau 2 (Perempuan), atau ketik LEWATI.";
    public const string HintAge = "Mohon tulis usia dalam angka, misalnya 35, atau ketik LEWATI.";
    public const string HintEducation = "Mohon pilih angka 1–6 (SD, SMP, SMA, S1, S2, S3), atau ketik LEWATI.";
    public const string HintEducationDiploma =
        "Pilihan di formulir SKM hanya SD, SMP, SMA, S1, S2, S3. Mohon pilih yang paling mendekati, atau ketik LEWATI.";
    public const string HintOccupation = "Mohon pilih angka 1–6 (PNS, TNI, POLRI, Swasta, Wirausaha, Lainnya), atau ketik LEWATI.";
    public const string HintYesNo = "Mohon balas YA atau TIDAK, Bapak/Ibu.";

    /// <summary>The question as the bot sends it: progress, element name, prompt, the four options.</summary>
    public static string FormatQuestion(SkmElement element) =>
        $"Pertanyaan {element.Number} dari {SkmElements.Count} – {element.Name}\n{element.Prompt}\n{FormatOptions(element)}\n{AnswerInstruction}";

    /// <summary>"1. Tidak sesuai\n2. Kurang sesuai\n..." for hints and questions.</summary>
    public static string FormatOptions(SkmElement element) =>
        string.Join("\n", element.Labels.Select((l, i) => $"{i + 1}. {l}"));
}
