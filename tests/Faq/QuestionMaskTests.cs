using KissBot.Faq;
using Xunit;

namespace KissBot.Tests.Faq;

/// <summary>Questions kept for staff review never hold a NIK, phone number, e-mail or street address.</summary>
public class QuestionMaskTests
{
    [Theory]
    [InlineData("nik sy 5271015508900001 kok ditolak", "5271015508900001")]
    [InlineData("hubungi sy di 0812-3456-7890 ya", "0812-3456-7890")]
    [InlineData("wa +62 812 3456 7890", "812 3456 7890")]
    [InlineData("email sy rina.baiq@gmail.com", "rina.baiq@gmail.com")]
    [InlineData("toko sy di Jl. Pejanggik No. 10 mau batal", "Pejanggik")]
    [InlineData("alamat jalan udayana no 5 cakranegara", "udayana no 5")]
    [InlineData("rumah di Gg. Mawar belakang sekolah", "Mawar belakang")]
    [InlineData("BTN Kekalik Indah blok C 12, rt 03 rw 07", "Kekalik")]
    [InlineData("rt.03/rw.07 kelurahan monjok", "03/rw.07")]
    public void Personal_data_is_masked(string text, string secret)
    {
        var masked = QuestionMask.Mask(text);
        Assert.DoesNotContain(secret, masked, StringComparison.OrdinalIgnoreCase);
        Assert.Matches(@"\[(nomor|email|alamat)\]", masked);
    }

    [Theory]
    [InlineData("mobilnya udh jalan blm")]
    [InlineData("jd dtgnya besok apa lusa? lupa sy")]
    [InlineData("syarat bikin nib apa aja")]
    [InlineData("kunjungan tgl 12 jam 9 bisa?")]
    public void Ordinary_questions_stay_readable(string text) => Assert.Equal(text, QuestionMask.Mask(text));
}
