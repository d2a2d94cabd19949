using KissBot.Bookings;

namespace KissBot.Dialogs.Booking;

/// <summary>
/// The booking being collected, kept in conversation state (so it survives restarts and interruptions) until it is
/// sent or cancelled. <see cref="RequestId"/> makes the final insert idempotent.
/// </summary>
public sealed class BookingDraft
{
    public const string StateKey = "draft.booking";

    public string RequestId { get; set; } = Guid.NewGuid().ToString("N");
    public string? Name { get; set; }
    public string? Phone { get; set; }
    public string? Nik { get; set; }
    public BusinessForm? Form { get; set; }
    public bool? HasNpwp { get; set; }
    public bool? HasAkta { get; set; }
    public string? Business { get; set; }
    public string? Kbli { get; set; }
    public int? People { get; set; }
    public string? KelurahanCode { get; set; }
    public string? Kelurahan { get; set; }
    public string? Kecamatan { get; set; }
    public double? Latitude { get; set; }
    public double? Longitude { get; set; }
    public string? Address { get; set; }
    public DateOnly? Date { get; set; }
    public TimeOnly? Time { get; set; }
    public bool WhenConfirmed { get; set; }

    /// <summary>A range of days the user named ("minggu depan"): the next question asks which day inside it.</summary>
    public DateOnly? RangeStart { get; set; }
    public DateOnly? RangeEnd { get; set; }

    /// <summary>Whose data: "same" (the stored profile, chosen on purpose), "other" (a new applicant), null (not asked yet).</summary>
    public string? Identity { get; set; }
    public string? ProfileName { get; set; }
    public string? ProfilePhone { get; set; }
    public string? ProfileNik { get; set; }

    /// <summary>The WhatsApp number of the chat (WhatsApp users need not type it).</summary>
    public string? ChannelPhone { get; set; }

    /// <summary>The document checklist is shown once, before the first summary (not again after an edit).</summary>
    public bool ChecklistShown { get; set; }

    /// <summary>"Lokasi diterima (sekitar Kel. …)": said once after a location pin.</summary>
    public string? PinNote { get; set; }

    public string LocationText => Kelurahan is null ? "-" :
        $"Kel. {Kelurahan}, Kec. {Kecamatan}" + (string.IsNullOrWhiteSpace(Address) ? "" : $" — {Address}");
}

/// <summary>What the user gave once and need not repeat in this conversation (kept in user state).</summary>
public sealed class ApplicantProfile
{
    public const string StateKey = "profile";
    public string? Name { get; set; }
    public string? Phone { get; set; }
    public string? Nik { get; set; }
}
