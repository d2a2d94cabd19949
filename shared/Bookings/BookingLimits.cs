using KissBot.Text;
using Npgsql;

namespace KissBot.Bookings;

/// <summary>
/// Abuse limits on bookings (issue 10): how many ACTIVE bookings (requested, confirmed, scheduled) one chat user, one
/// phone number and one NIK may hold at once. Zero switches a limit off. Keys: <c>KissBot:Limits:MaxActiveBookingsPerUser</c>,
/// <c>…PerPhone</c>, <c>…PerNik</c>.
/// </summary>
public sealed record BookingLimitOptions
{
    public int MaxActivePerUser { get; init; } = 2;
    public int MaxActivePerPhone { get; init; } = 2;
    public int MaxActivePerNik { get; init; } = 2;

    /// <summary>Longest stored free text (business description, address): longer input is cut, never copied whole into reminders.</summary>
    public int MaxFieldChars { get; init; } = 300;
}

/// <summary>A new booking refused because the person already holds <see cref="Max"/> active bookings.</summary>
public sealed record BookingLimitReached(string Kind, int Max) : BookingResult
{
    private static readonly TextTable T = TextTable.LoadEmbedded(typeof(BookingLimits).Assembly, "booking-limits.texts.json");

    /// <summary>The polite Indonesian explanation for the user.</summary>
    public string Message => T.Get("limit." + Kind, ("max", Max));
}

/// <summary>The check, part of the booking statement (see <see cref="BookingRepository.CreateAsync"/>).</summary>
public static class BookingLimits
{
    private const int PersonLockClass = 0x4B4C; // serialises concurrent bookings of one person

    /// <summary>Serialises concurrent bookings of one person (first statement of the booking batch).</summary>
    public static NpgsqlBatchCommand LockCommand(NewBooking n)
    {
        var cmd = new NpgsqlBatchCommand("SELECT pg_advisory_xact_lock(@c, hashtext(@k))");
        cmd.Parameters.AddWithValue("c", PersonLockClass);
        cmd.Parameters.AddWithValue("k", n.Nik ?? n.OwnerKey);
        return cmd;
    }

    /// <summary>The person's active bookings by chat user, phone and NIK as one row (<c>by_user, by_phone, by_nik</c>),
    /// read under <see cref="LockCommand"/>; parameters <c>@owner, @phone, @nik, @active</c>.</summary>
    public const string CountSql = """
        SELECT count(*) FILTER (WHERE b.user_key = @owner) AS by_user,
               count(*) FILTER (WHERE p.phone = @phone) AS by_phone,
               count(*) FILTER (WHERE p.nik = @nik) AS by_nik
        FROM bookings b JOIN pelaku_usaha p ON p.id = b.pelaku_usaha_id
        WHERE b.status = ANY(@active) AND (b.user_key = @owner OR p.phone = @phone OR p.nik = @nik)
        """;

    /// <summary>True (SQL, over <see cref="CountSql"/> as <c>lim</c>) while no limit is reached: the same rule as
    /// <see cref="Check"/>; parameters <c>@max_user, @max_phone, @max_nik</c> (0 = off), see <see cref="AddParameters"/>.</summary>
    public const string WithinSql =
        "(@max_nik = 0 OR lim.by_nik < @max_nik) AND (@max_phone = 0 OR lim.by_phone < @max_phone) AND (@max_user = 0 OR lim.by_user < @max_user)";

    /// <summary>The parameters of <see cref="CountSql"/> and <see cref="WithinSql"/>.</summary>
    public static void AddParameters(NpgsqlBatchCommand cmd, NewBooking n, BookingLimitOptions limits)
    {
        cmd.Parameters.AddWithValue("owner", n.OwnerKey);
        cmd.Parameters.AddWithValue("phone", NpgsqlTypes.NpgsqlDbType.Text, (object?)n.Phone ?? DBNull.Value);
        cmd.Parameters.AddWithValue("nik", NpgsqlTypes.NpgsqlDbType.Text, (object?)n.Nik ?? DBNull.Value);
        cmd.Parameters.AddWithValue("active", BookingStatuses.ActiveCodes);
        cmd.Parameters.AddWithValue("max_user", limits.MaxActivePerUser);
        cmd.Parameters.AddWithValue("max_phone", limits.MaxActivePerPhone);
        cmd.Parameters.AddWithValue("max_nik", limits.MaxActivePerNik);
    }

    /// <summary>The refusal for the counts read by <see cref="CountSql"/>, or null.</summary>
    public static BookingLimitReached? Check(long user, long phone, long nik, BookingLimitOptions limits)
    {
        if (limits.MaxActivePerNik > 0 && nik >= limits.MaxActivePerNik) return new BookingLimitReached("nik", limits.MaxActivePerNik);
        if (limits.MaxActivePerPhone > 0 && phone >= limits.MaxActivePerPhone) return new BookingLimitReached("phone", limits.MaxActivePerPhone);
        if (limits.MaxActivePerUser > 0 && user >= limits.MaxActivePerUser) return new BookingLimitReached("user", limits.MaxActivePerUser);
        return null;
    }

    /// <summary>Free text as stored: control characters removed, cut at <paramref name="max"/> characters.</summary>
    public static string Field(string? text, int max)
    {
        if (string.IsNullOrEmpty(text)) return text ?? "";
        var clean = new string(text.Where(c => !char.IsControl(c) || c is '\n').ToArray()).Trim();
        return clean.Length <= max || max <= 0 ? clean : clean[..max].TrimEnd() + "…";
    }
}
