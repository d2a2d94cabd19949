namespace KissBot.Complaints;

/// <summary>
/// All user-facing complaint texts (polite Indonesian, Bapak/Ibu, phone-length). Placeholders in braces are filled by
/// <see cref="Fill"/>: {tiket}, {tanggal}, {keterangan}, {instansi}, {tanggapan}. Official contacts are never
/// hard-coded (pengaduan.md §8): the {{KONTAK_PENGADUAN_DPMPTSP_MATARAM}} token is replaced from configuration.
/// </summary>
public static class ComplaintTexts
{
    public const string ContactPlaceholder = "{{KONTAK_PENGADUAN_DPMPTSP_MATARAM}}";

    public static readonly IReadOnlyDictionary<ComplaintStatus, string> StatusLabels = new Dictionary<ComplaintStatus, string>
    {
        [ComplaintStatus.Diterima] = "Diterima",
        [ComplaintStatus.Verifikasi] = "Sedang diverifikasi",
        [ComplaintStatus.PerluLengkapi] = "Menunggu kelengkapan data",
        [ComplaintStatus.TindakLanjut] = "Sedang ditindaklanjuti",
        [ComplaintStatus.Dialihkan] = "Dialihkan ke instansi berwenang",
        [ComplaintStatus.Eskalasi] = "Dieskalasi",
        [ComplaintStatus.Selesai] = "Selesai ditanggapi",
        [ComplaintStatus.Ditutup] = "Ditutup",
    };

    public const string Acknowledgement =
        "Terima kasih, Bapak/Ibu. Pengaduan Bapak/Ibu kami terima dengan nomor {tiket}. " +
        "Petugas akan memberi kabar paling lambat {tanggal}. Layanan pengaduan ini gratis.";

    /// <summary>Message sent to the complainant when a ticket enters a status through a public transition.</summary>
    public static readonly IReadOnlyDictionary<ComplaintStatus, string> Notifications = new Dictionary<ComplaintStatus, string>
    {
        [ComplaintStatus.Verifikasi] = "Pengaduan {tiket} sedang kami periksa. Kami akan mengabari perkembangannya, Bapak/Ibu.",
        [ComplaintStatus.PerluLengkapi] = "Untuk memproses pengaduan {tiket}, mohon Bapak/Ibu melengkapi: {keterangan}. Silakan balas di sini.",
        [ComplaintStatus.TindakLanjut] = "Pengaduan {tiket} sedang ditindaklanjuti petugas yang berwenang. Target penyelesaian: {tanggal}.",
        [ComplaintStatus.Dialihkan] = "Pengaduan {tiket} di luar kewenangan DPMPTSP Kota Mataram, sehingga kami teruskan ke {instansi}. Mohon maaf atas ketidaknyamanannya.",
        [ComplaintStatus.Eskalasi] = "Pengaduan {tiket} telah dieskalasi ke {instansi}. Kami tetap mengabari Bapak/Ibu.",
        [ComplaintStatus.Selesai] = "Tanggapan atas pengaduan {tiket}:\n{tanggapan}\nApakah Bapak/Ibu puas? Balas YA atau TIDAK.",
        [ComplaintStatus.Ditutup] = "Pengaduan {tiket} kami tutup. Terima kasih atas masukan Bapak/Ibu untuk perbaikan layanan.",
    };

    public const string Reopened = "Mohon maaf, Bapak/Ibu belum puas. Pengaduan {tiket} kami proses kembali.";

    public const string AskConfidentiality =
        "Sebelum melanjutkan, pilih kerahasiaan pengaduan:\n" +
        "1. Biasa\n" +
        "2. Anonim – identitas Bapak/Ibu tidak ditunjukkan kepada petugas yang menangani\n" +
        "3. Rahasia – isi pengaduan tidak dipublikasikan\n" +
        "Balas dengan angka 1–3.";

    public const string AnonymousNote =
        "Pengaduan tanpa kontak tetap kami terima, namun kami tidak dapat mengirim jawaban atau meminta klarifikasi.";

    public const string MisconductProtection =
        "Identitas Bapak/Ibu kami rahasiakan dan hanya diketahui pengelola pengaduan. Pelapor dilindungi dari ancaman dan diskriminasi.";

    public const string LateComplaintNote =
        "Catatan: menurut UU 25/2009, pengaduan disampaikan paling lambat 30 hari setelah menerima layanan. " +
        "Pengaduan Bapak/Ibu tetap kami terima dan proses.";

    public const string SensitiveDataWarning =
        "Demi keamanan, mohon tidak mengirim NIK lengkap, kata sandi OSS, atau foto KTP. Data tersebut telah kami samarkan.";

    public const string OssOutsideNote =
        "Sistem OSS dikelola Kementerian Investasi/BKPM. Kami bantu arahkan, dan kendala sistem akan kami teruskan bila perlu.";

    /// <summary>Offered when the SLA has passed (pengaduan.md §7, SP4N-LAPOR! channels).</summary>
    public const string EscalationSlaPassed =
        "Mohon maaf, pengaduan {tiket} belum kami selesaikan dalam batas waktu layanan.";

    public const string EscalationUnsatisfied =
        "Mohon maaf bila tanggapan kami belum memuaskan Bapak/Ibu.";

    public const string EscalationLapor =
        "Bapak/Ibu dapat meneruskannya ke SP4N-LAPOR!: situs lapor.go.id, SMS 1708, atau aplikasi LAPOR!. " +
        "Pilih instansi Pemerintah Kota Mataram – DPMPTSP, lalu kirimkan nomor pelacakan LAPOR! ke sini agar kami catat.";

    public const string EscalationSupervisor =
        "Bapak/Ibu juga dapat menghubungi pimpinan DPMPTSP Kota Mataram: " + ContactPlaceholder + ".";

    public const string EscalationOmbudsman =
        "Untuk dugaan maladministrasi, Bapak/Ibu dapat melapor ke Ombudsman RI Perwakilan Nusa Tenggara Barat.";

    public const string EscalationLawEnforcement =
        "Dugaan pemerasan, suap, atau korupsi yang bersifat pidana dapat dilaporkan kepada aparat penegak hukum; SP4N-LAPOR! tidak menangani perkara pidana.";

    /// <summary>Replaces {key} placeholders; unknown placeholders are left untouched.</summary>
    public static string Fill(string template, IReadOnlyDictionary<string, string> values)
    {
        var s = template;
        foreach (var (k, v) in values) s = s.Replace("{" + k + "}", v, StringComparison.Ordinal);
        return s;
    }

    /// <summary>
    /// The message for a transition, or null when it is internal (<see cref="ComplaintLifecycle.IsPublic"/>) or not allowed.
    /// Reopening (Selesai → TindakLanjut) uses <see cref="Reopened"/>.
    /// </summary>
    public static string? NotificationFor(ComplaintStatus from, ComplaintStatus to)
    {
        if (!ComplaintLifecycle.CanTransition(from, to) || !ComplaintLifecycle.IsPublic(from, to)) return null;
        return from == ComplaintStatus.Selesai && to == ComplaintStatus.TindakLanjut ? Reopened : NotificationFor(to);
    }

    /// <summary>The notification for entering <paramref name="to"/>, or null when that status has none.</summary>
    public static string? NotificationFor(ComplaintStatus to) =>
        Notifications.TryGetValue(to, out var t) && t.Length > 0 ? t : null;
}
