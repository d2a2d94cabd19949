using KissBot.Persistence;
using KissBot.Office;
using Npgsql;

namespace KissBot.Complaints;

/// <summary>An internal note of a complaint handler.</summary>
public sealed record ComplaintNote(long Id, long ComplaintId, DateTimeOffset At, string Author, string Text);

/// <summary>
/// Internal notes on a complaint (table <c>complaint_notes</c>): written and read by staff only. They are kept apart
/// from the status history on purpose — the chat's status view and the notifications read the history, so a note can
/// never reach the complainant.
/// </summary>
public sealed class ComplaintNoteRepository(KissBotDatabase db, TimeProvider clock)
{
    public const int MaxLength = 2000;

    /// <summary>
    /// Adds a note by <paramref name="author"/> to the complaint <paramref name="code"/> (and, with the author's
    /// account, to the audit log in the same transaction); null when there is no such complaint.
    /// </summary>
    public async Task<ComplaintNote?> AddAsync(string code, StaffActor author, string text, CancellationToken ct = default)
    {
        text = text.Trim();
        if (text.Length == 0) throw new ArgumentException("A note needs a text.", nameof(text));
        if (text.Length > MaxLength) text = text[..MaxLength];
        var now = clock.GetUtcNow();
        await using var conn = await db.Source.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        ComplaintNote? note;
        await using (var cmd = new NpgsqlCommand("""
            INSERT INTO complaint_notes (complaint_id, at, author, text)
            SELECT id, @at, @author, @text FROM complaints WHERE code = @code
            RETURNING id, complaint_id, at, author, text
            """, conn, tx))
        {
            cmd.Parameters.AddWithValue("at", now);
            cmd.Parameters.AddWithValue("author", author.Label);
            cmd.Parameters.AddWithValue("text", text);
            cmd.Parameters.AddWithValue("code", code.Trim().ToUpperInvariant());
            await using var r = await cmd.ExecuteReaderAsync(ct);
            note = await r.ReadAsync(ct) ? Read(r) : null;
        }
        if (note is null) return null;
        await StaffAudit.WriteAsync(conn, tx, author, new AuditEntry("complaint.note", code.Trim().ToUpperInvariant(), After: new { noteId = note.Id }), now, ct);
        await tx.CommitAsync(ct);
        return note;
    }

    /// <summary>The notes of a complaint, oldest first.</summary>
    public async Task<IReadOnlyList<ComplaintNote>> ListAsync(long complaintId, CancellationToken ct = default)
    {
        await using var cmd = db.Source.CreateCommand("SELECT id, complaint_id, at, author, text FROM complaint_notes WHERE complaint_id = @id ORDER BY at, id");
        cmd.Parameters.AddWithValue("id", complaintId);
        var list = new List<ComplaintNote>();
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct)) list.Add(Read(r));
        return list;
    }

    private static ComplaintNote Read(NpgsqlDataReader r) =>
        new(r.GetInt64(0), r.GetInt64(1), r.GetFieldValue<DateTimeOffset>(2), r.GetString(3), r.GetString(4));
}
