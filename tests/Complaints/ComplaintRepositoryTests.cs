using KissBot.Complaints;
using KissBot.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace KissBot.Tests.Complaints;

/// <summary>Storage rules the chat relies on: one ticket per request id, owner-only changes, lifecycle enforced.</summary>
public sealed class ComplaintRepositoryTests : IAsyncLifetime
{
    private KissBotApp _app = null!;

    public async Task InitializeAsync() => _app = await KissBotApp.StartAsync("complaintrepo", FakeClock.Wita(2026, 11, 23, 10, 15), ComplaintTestKit.Settings());

    public async Task DisposeAsync() => await _app.DisposeAsync();

    private ComplaintRepository Repo => _app.Services.GetRequiredService<ComplaintRepository>();

    private static NewComplaint Sample(string requestId, string user = "webchat:u-repo") =>
        new(requestId, user, ComplaintType.Pengaduan, ComplaintCategory.Sarana, ComplaintConfidentiality.Biasa, true, "whatsapp", "+6281234567890",
            "Budi", "Printer di mobil layanan rusak sehingga NIB tidak bisa dicetak", "Senin di Kel. Monjok", null, []);

    [Fact]
    public async Task A_redelivered_confirmation_creates_one_ticket_and_tickets_count_up()
    {
        var results = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Repo.CreateAsync(Sample("req-1"))));
        Assert.Single(results.Select(r => r.Code).Distinct());
        Assert.Equal("PGD-2026-00001", results[0].Code);
        Assert.Equal("PGD-2026-00002", (await Repo.CreateAsync(Sample("req-2"))).Code);
    }

    [Fact]
    public async Task Only_the_owner_can_change_a_ticket_by_chat_and_the_lifecycle_is_enforced()
    {
        var c = await Repo.CreateAsync(Sample("req-owner"));
        Assert.IsType<ComplaintTransitionResult.NotFound>(await Repo.TransitionAsync(c.Code, ComplaintStatus.Verifikasi, "pelapor", null, "webchat:intruder", null, false));
        Assert.IsType<ComplaintTransitionResult.NotAllowed>(await Repo.TransitionAsync(c.Code, ComplaintStatus.Selesai, "staff:x", "jawaban", null, null, true));
        var moved = Assert.IsType<ComplaintTransitionResult.Changed>(await Repo.TransitionAsync(c.Code, ComplaintStatus.Verifikasi, "staff:x", null, null, null, false));
        Assert.Equal(ComplaintStatus.Verifikasi, moved.Complaint.Status);
        var history = await Repo.HistoryAsync(c.Id);
        Assert.Equal([ComplaintStatus.Diterima, ComplaintStatus.Verifikasi], history.Select(h => h.To));
        Assert.Equal("staff:x", history[^1].Actor);
        Assert.NotNull(moved.Complaint.SlaDueAt);
    }
}
