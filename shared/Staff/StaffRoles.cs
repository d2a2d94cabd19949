namespace KissBot.Office;

/// <summary>
/// The roles of staff accounts. An account may hold several; <see cref="Admin"/> may do everything. Role names are
/// stable identifiers (stored in <c>staff_accounts.roles</c>, typed in the CLI): never rename one.
/// </summary>
public static class StaffRoles
{
    public const string Admin = "admin";
    /// <summary>Office coordinator: bookings board, confirmations, routes, agencies.</summary>
    public const string Koordinator = "koordinator";
    /// <summary>Field officer in the car: today's visits, served / not served.</summary>
    public const string Petugas = "petugas";
    /// <summary>Complaint handler: complaint inbox and responses.</summary>
    public const string Pengaduan = "pengaduan";
    /// <summary>Privileged: may reveal the identity of anonymous or misconduct complainants (every reveal is audited).</summary>
    public const string Identitas = "identitas";

    public static readonly IReadOnlyList<string> All = [Admin, Koordinator, Petugas, Pengaduan, Identitas];

    public static bool IsKnown(string role) => All.Contains(role);

    /// <summary>Normalises a list like "koordinator, petugas" into known, distinct, lower-case roles; null if one is unknown.</summary>
    public static IReadOnlyList<string>? Parse(IEnumerable<string> raw)
    {
        var roles = raw.SelectMany(r => r.Split([',', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            .Select(r => r.ToLowerInvariant()).Distinct().ToList();
        return roles.Count > 0 && roles.All(IsKnown) ? roles.OrderBy(r => All.ToList().IndexOf(r)).ToList() : null;
    }

    /// <summary>True when an account holding <paramref name="held"/> may act in any of <paramref name="required"/> (admin may do everything).</summary>
    public static bool Allows(IReadOnlyCollection<string> held, IReadOnlyCollection<string> required) =>
        held.Contains(Admin) || required.Any(held.Contains);
}
