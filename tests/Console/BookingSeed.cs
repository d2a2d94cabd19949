using Npgsql;

namespace KissBot.Tests.Console;

/// <summary>Bookings written straight into the tables (with owner, location, agencies and status history), for the
/// coordinator's pages with volume. Chat users get a user state row, so the live chat's "recent conversations" list has
/// real volume too.</summary>
public static class BookingSeed
{
    private static readonly (string Kelurahan, string Kecamatan, double Lat, double Lon)[] Places =
    [
        ("Ampenan Tengah", "Ampenan", -8.5745, 116.0790), ("Cakranegara Barat", "Cakranegara", -8.5900, 116.1310),
        ("Pagesangan", "Mataram", -8.6020, 116.1020), ("Bertais", "Sandubaya", -8.5950, 116.1600),
        ("Tanjung Karang", "Sekarbela", -8.5990, 116.0760), ("Rembiga", "Selaparang", -8.5600, 116.1010),
    ];

    /// <summary>
    /// Inserts <paramref name="count"/> bookings KM-{year}-{first…}, <paramref name="perDay"/> per weekday starting at
    /// <paramref name="firstDay"/>, visits at 08.00, 09.30, 11.00, 13.00, 14.30. Days before <paramref name="today"/>
    /// are served (every tenth a no-show, every fifteenth cancelled) with the "served" history row at the visit;
    /// <paramref name="today"/> is scheduled; later days alternate requested and confirmed. Returns the codes by day.
    /// </summary>
    public static async Task InsertAsync(NpgsqlDataSource db, int count, DateOnly firstDay, DateOnly today, int perDay = 6, int first = 1,
        DateTimeOffset? lastInbound = null)
    {
        var days = new List<DateOnly>();
        for (var d = firstDay; days.Count * perDay < count; d = d.AddDays(1))
            if (d.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday)) days.Add(d);
        TimeOnly[] times = [new(8, 0), new(9, 30), new(11, 0), new(13, 0), new(14, 30), new(15, 0)];
        await using var conn = await db.OpenConnectionAsync();
        await using var tx = await conn.BeginTransactionAsync();
        var batch = new NpgsqlBatch(conn, tx);
        for (var i = 0; i < count; i++)
        {
            var n = first + i;
            var day = days[i / perDay];
            var status = day < today ? (n % 10 == 0 ? "no_show" : n % 15 == 0 ? "cancelled" : "served")
                : day == today ? "scheduled" : n % 2 == 0 ? "requested" : "confirmed";
            var place = Places[n % Places.Length];
            var at = new DateTimeOffset(day.ToDateTime(times[i % perDay % times.Length]), TimeSpan.FromHours(8));
            var cmd = new NpgsqlBatchCommand("""
                WITH p AS (INSERT INTO pelaku_usaha (user_key, name, phone, nik, business_form)
                           VALUES (@user, @name, @phone, @nik, 'perorangan') RETURNING id),
                     l AS (INSERT INTO locations (kelurahan, kecamatan, address, latitude, longitude)
                           VALUES (@kel, @kec, @addr, @lat, @lon) RETURNING id),
                     b AS (INSERT INTO bookings (code, request_id, user_key, pelaku_usaha_id, location_id, status, visit_date, visit_time,
                               business_description, people_count, nib_issued, nib_numbers, people_served, created_at, updated_at)
                           SELECT @code, @code, @user, p.id, l.id, @status, @day, @time, @desc, @people,
                                  CASE WHEN @status = 'served' THEN true END,
                                  CASE WHEN @status = 'served' THEN ARRAY[@nib] END,
                                  CASE WHEN @status = 'served' THEN @people END, @created, @at
                           FROM p, l RETURNING id, pelaku_usaha_id),
                     part AS (INSERT INTO booking_participants (booking_id, pelaku_usaha_id) SELECT id, pelaku_usaha_id FROM b),
                     st AS (INSERT INTO booking_stakeholders (booking_id, stakeholder_id) SELECT b.id, s FROM b, unnest(@agencies::text[]) s),
                     h1 AS (INSERT INTO booking_status_history (booking_id, from_status, to_status, at, actor) SELECT id, NULL, 'requested', @created, @user FROM b)
                INSERT INTO booking_status_history (booking_id, from_status, to_status, at, actor, note)
                SELECT id, 'requested', @status, @at, 'console:seed', NULL FROM b WHERE @status <> 'requested'
                """);
            var user = $"webchat:seed-b{n}";
            cmd.Parameters.AddWithValue("user", user);
            cmd.Parameters.AddWithValue("name", $"Pelaku Usaha {n}");
            cmd.Parameters.AddWithValue("phone", $"+62817{n:00000000}");
            cmd.Parameters.AddWithValue("nik", $"52710123{n:00000000}");
            cmd.Parameters.AddWithValue("kel", place.Kelurahan);
            cmd.Parameters.AddWithValue("kec", place.Kecamatan);
            cmd.Parameters.AddWithValue("addr", $"Jl. Contoh No. {n % 200 + 1}");
            cmd.Parameters.AddWithValue("lat", place.Lat + (n % 7) * 0.002);
            cmd.Parameters.AddWithValue("lon", place.Lon + (n % 5) * 0.002);
            cmd.Parameters.AddWithValue("code", $"KM-{today.Year}-{n:00000}");
            cmd.Parameters.AddWithValue("status", status);
            cmd.Parameters.AddWithValue("day", day);
            cmd.Parameters.AddWithValue("time", times[i % perDay % times.Length]);
            cmd.Parameters.AddWithValue("desc", n % 3 == 0 ? "warung makan" : n % 3 == 1 ? "toko kelontong" : "jasa jahit");
            cmd.Parameters.AddWithValue("people", 1 + n % 3);
            cmd.Parameters.AddWithValue("nib", $"{9120000000000 + n}");
            cmd.Parameters.AddWithValue("created", at.AddDays(-3).ToUniversalTime());
            cmd.Parameters.AddWithValue("at", at.ToUniversalTime());
            cmd.Parameters.AddWithValue("agencies", n % 4 == 0 ? new[] { "dinkes" } : n % 4 == 1 ? new[] { "perdagangan", "kpp" } : []);
            batch.BatchCommands.Add(cmd);
            if (lastInbound is { } li)
            {
                var state = new NpgsqlBatchCommand("""
                    INSERT INTO bot_state (key, data, version) VALUES ('user:' || @user,
                        jsonb_build_object('_reference', jsonb_build_object('channelId', 'webchat', 'user', jsonb_build_object('id', @user, 'name', @name)),
                                           '_lastInboundAt', @last), 1)
                    ON CONFLICT (key) DO NOTHING
                    """);
                state.Parameters.AddWithValue("user", user);
                state.Parameters.AddWithValue("name", $"Pelaku Usaha {n}");
                state.Parameters.AddWithValue("last", li.AddMinutes(-n % 1440).ToUniversalTime().ToString("O"));
                batch.BatchCommands.Add(state);
            }
            if (batch.BatchCommands.Count >= 200)
            {
                await batch.ExecuteNonQueryAsync();
                batch = new NpgsqlBatch(conn, tx);
            }
        }
        if (batch.BatchCommands.Count > 0) await batch.ExecuteNonQueryAsync();
        await tx.CommitAsync();
    }
}
