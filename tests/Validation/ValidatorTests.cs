using KissBot.Dialogs.Booking;
using KissBot.Dialogs.Runtime;
using KissBot.Validation;
using Xunit;

namespace KissBot.Tests.Validation;

public sealed class PhoneNumberTests
{
    [Theory]
    [InlineData("081234567890", "+6281234567890")]
    [InlineData("0812-3456-7890", "+6281234567890")]
    [InlineData("+62 812 3456 7890", "+6281234567890")]
    [InlineData("6281234567890", "+6281234567890")]
    [InlineData("+62 0812 3456 7890", "+6281234567890")]
    [InlineData("(0878) 6543.2100", "+6287865432100")]
    [InlineData("0819 1234 567", "+628191234567")]
    public void Indonesian_mobile_numbers_are_normalised_to_E164(string input, string expected) =>
        Assert.Equal(expected, PhoneNumbers.Normalize(input));

    [Theory]
    [InlineData("", PhoneProblem.Empty)]
    [InlineData("nomor saya", PhoneProblem.NotANumber)]
    [InlineData("+1 415 555 2671", PhoneProblem.NotIndonesian)]
    [InlineData("0370 123456", PhoneProblem.NotMobile)]
    [InlineData("0812 34", PhoneProblem.TooShort)]
    [InlineData("0812 3456 7890 1234", PhoneProblem.TooLong)]
    [InlineData("0888 8888 8888", PhoneProblem.Implausible)]
    public void Impossible_numbers_are_refused_with_a_reason(string input, PhoneProblem problem) =>
        Assert.Equal(problem, PhoneNumbers.Check(input).Problem);

    [Fact]
    public void Masking_hides_the_middle_digits() => Assert.Equal("+6281*******90", PhoneNumbers.Mask("+6281234567890"));
}

public sealed class NikTests
{
    private static readonly DateOnly Today = new(2026, 11, 23);

    [Theory]
    [InlineData("5271011508900001")] // Kota Mataram, man born 15-08-1990
    [InlineData("5271 0155 0890 0001")] // woman (day + 40), spaces allowed
    [InlineData("3171012902000123")] // 29 February 2000 is a real date
    public void Plausible_niks_are_accepted(string nik) => Assert.True(Nik.Check(nik, Today).IsValid);

    [Theory]
    [InlineData("52710115089", NikProblem.TooShort)]
    [InlineData("52710115089000011", NikProblem.TooLong)]
    [InlineData("5271O11508900001", NikProblem.NotDigits)]
    [InlineData("9971011508900001", NikProblem.UnknownRegion)]
    [InlineData("5200011508900001", NikProblem.UnknownRegion)]
    [InlineData("5271013513900001", NikProblem.BadBirthDate)] // month 13
    [InlineData("5271013102900001", NikProblem.BadBirthDate)] // 31 February
    [InlineData("5271012902010001", NikProblem.BadBirthDate)] // 29 February 2001
    [InlineData("5271011508900000", NikProblem.BadSerial)]
    public void Implausible_niks_are_refused_with_a_reason(string nik, NikProblem problem) =>
        Assert.Equal(problem, Nik.Check(nik, Today).Problem);

    [Fact]
    public void A_birth_date_in_the_future_is_refused() => Assert.Equal(NikProblem.BadBirthDate, Nik.Check("5271011512260001", Today).Problem);

    [Fact]
    public void Masking_keeps_only_the_region() => Assert.Equal("5271************", Nik.Mask("5271011508900001"));
}

public sealed class AnswerRecognitionTests
{
    [Theory]
    [InlineData("ya", true)]
    [InlineData("iya bener", true)]
    [InlineData("udh", true)]
    [InlineData("nggih", true)]
    [InlineData("gak", false)]
    [InlineData("belum ada", false)]
    [InlineData("tidak jadi", false)]
    [InlineData("hmm", null)]
    public void Yes_and_no_in_informal_indonesian(string text, bool? expected) => Assert.Equal(expected, Recognizers.YesNo(text));

    [Theory]
    [InlineData("12", 12L)]
    [InlineData("12 orang", 12L)]
    [InlineData("dua belas", 12L)]
    [InlineData("seratus", 100L)]
    [InlineData("2 atau 3", null)]
    [InlineData("banyak", null)]
    public void Counts_in_digits_or_words(string text, long? expected) => Assert.Equal(expected, NumberReader.Read(text));

    [Fact]
    public void Choices_accept_number_title_or_synonym()
    {
        Choice[] choices = [new("perorangan", "Perorangan", ["pribadi"]), new("badan_usaha", "Badan usaha", ["pt", "cv"])];
        Assert.Equal("badan_usaha", Recognizers.Choice("2", choices, "hint").Value!.GetValue<string>());
        Assert.Equal("perorangan", Recognizers.Choice("PERORANGAN", choices, "hint").Value!.GetValue<string>());
        Assert.Equal("badan_usaha", Recognizers.Choice("usaha sy CV", choices, "hint").Value!.GetValue<string>());
        Assert.False(Recognizers.Choice("3", choices, "hint").Succeeded);
    }

    [Fact]
    public void Booking_codes_are_found_in_free_text()
    {
        Assert.Equal("KM-2026-00012", ManageBookings.FindCode("cek km 2026 12 dong"));
        Assert.Equal("KM-2026-00123", ManageBookings.FindCode("KM-2026-00123"));
        Assert.Null(ManageBookings.FindCode("PGD-2026-00045"));
    }

    [Theory]
    [InlineData("warung makan", new[] { "dinkes", "koperasi_ukm", "perdagangan" })]
    [InlineData("bengkel motor", new[] { "dlh", "koperasi_ukm" })]
    [InlineData("produksi keripik pisang", new[] { "dinkes", "koperasi_ukm", "perindustrian" })]
    public void Stakeholders_follow_the_business(string business, string[] expected) =>
        Assert.Equal(expected, StakeholderRules.For(business, null, KissBot.Bookings.BusinessForm.Perorangan));

    [Fact]
    public void A_badan_usaha_brings_the_tax_office() =>
        Assert.Contains("kpp", StakeholderRules.For("konveksi kaos", "14111", KissBot.Bookings.BusinessForm.BadanUsaha));
}

public sealed class LogMaskTests
{
    [Fact]
    public void Phone_numbers_and_niks_in_ids_are_masked() =>
        Assert.Equal("1065:+6281*******90 nik 5271**********01", LogMask.Ids("1065:+6281234567890 nik 5271011508900001"));
}
