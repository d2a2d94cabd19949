using KissBot.Places;

namespace KissBot.Validation;

/// <summary>
/// Nomor Induk Kependudukan: 16 digits = province (2) + regency (2) + district (2) + birth date DDMMYY (women: DD+40)
/// + serial (4). We check the shape, a plausible province code, a real birth date and a non-zero serial. The NIK is
/// personal data: never log it unmasked (<see cref="Mask"/>).
/// </summary>
public static class Nik
{
    // Province codes of Indonesia (Kepmendagri), including the 2022 Papua provinces.
    private static readonly HashSet<int> ProvinceCodes =
    [
        11, 12, 13, 14, 15, 16, 17, 18, 19, 21, 31, 32, 33, 34, 35, 36, 51, 52, 53, 61, 62, 63, 64, 65,
        71, 72, 73, 74, 75, 76, 81, 82, 91, 92, 93, 94, 95, 96, 97,
    ];

    public static NikCheck Check(string? input, DateOnly today)
    {
        if (string.IsNullOrWhiteSpace(input)) return new(null, NikProblem.Empty);
        var digits = new string(input.Where(c => !char.IsWhiteSpace(c) && c != '.' && c != '-').ToArray());
        if (!digits.All(char.IsAsciiDigit)) return new(null, NikProblem.NotDigits);
        if (digits.Length != 16) return new(null, digits.Length < 16 ? NikProblem.TooShort : NikProblem.TooLong);
        if (!ProvinceCodes.Contains(int.Parse(digits[..2]))) return new(null, NikProblem.UnknownRegion);
        if (digits[2..4] == "00" || digits[4..6] == "00") return new(null, NikProblem.UnknownRegion);
        var day = int.Parse(digits[6..8]);
        if (day > 40) day -= 40;
        var month = int.Parse(digits[8..10]);
        var yy = int.Parse(digits[10..12]);
        var year = 2000 + yy > today.Year ? 1900 + yy : 2000 + yy;
        if (month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month)) return new(null, NikProblem.BadBirthDate);
        var birth = new DateOnly(year, month, day);
        if (birth > today) return new(null, NikProblem.BadBirthDate);
        if (digits[12..] == "0000") return new(null, NikProblem.BadSerial);
        return new(digits, NikProblem.None);
    }

    public static string Mask(string? nik) => string.IsNullOrEmpty(nik) || nik.Length < 6 ? "****" : nik[..4] + new string('*', nik.Length - 4);
}

public enum NikProblem { None, Empty, NotDigits, TooShort, TooLong, UnknownRegion, BadBirthDate, BadSerial }

public readonly record struct NikCheck(string? Value, NikProblem Problem)
{
    public bool IsValid => Problem == NikProblem.None;
}
