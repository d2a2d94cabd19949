namespace KissBot.Messaging;

/// <summary>
/// One kind of proactive message (an outbox row's <c>kind</c>). The name is also the key of its WhatsApp template
/// (<c>WhatsApp:Templates:&lt;name&gt;</c>), used outside the 24-hour window. Every kind is listed here, in one naming
/// style (<c>feature.what</c>); migration 0072 renamed the older underscore names of stored rows.
/// </summary>
public sealed record MessageKind
{
    private MessageKind(string name) => Name = name;

    public string Name { get; }

    public override string ToString() => Name;

    /// <summary>Where a plain name is needed (template configuration keys, SQL parameters).</summary>
    public static implicit operator string(MessageKind kind) => kind.Name;

    /// <summary>The kind of a stored row; a name outside the catalogue (an older row) is kept as it is, so the row is still delivered.</summary>
    public static MessageKind FromStored(string name) => Find(name) ?? new MessageKind(name);

    // Bookings (shared/Bookings): a status change the citizen hears about; a new request for the coordinator.
    public static readonly MessageKind BookingStatus = new("booking.status");
    public static readonly MessageKind BookingRequest = new("booking.request");
    public static readonly MessageKind BookingAccessCode = new("booking.accesscode"); // one-time code to manage a booking from another chat

    // Scheduler (scheduler/Routes, scheduler/Jobs): the coordinator's digest, reminders, escalations.
    public static readonly MessageKind CoordinatorDigest = new("coordinator.digest");
    public static readonly MessageKind VisitReminder = new("visit.reminder");
    public static readonly MessageKind AgencyReminder = new("agency.reminder");
    public static readonly MessageKind AttendanceUpdate = new("attendance.update");
    public static readonly MessageKind ComplaintEscalation = new("complaint.escalation");

    // Complaints and the SKM survey.
    public static readonly MessageKind ComplaintStatus = new("complaint.status");
    public static readonly MessageKind ComplaintAccessCode = new("complaint.accesscode"); // one-time code to open a ticket from another chat
    public static readonly MessageKind SkmInvite = new("skm.invite");
    public static readonly MessageKind SkmReminder = new("skm.reminder");

    // Live chat with an officer (shared/Handoff).
    public static readonly MessageKind HandoffMessage = new("handoff.message");
    public static readonly MessageKind HandoffClaimed = new("handoff.claimed");
    public static readonly MessageKind HandoffReleased = new("handoff.released");
    public static readonly MessageKind HandoffTimedOut = new("handoff.timedout");
    public static readonly MessageKind HandoffRequest = new("handoff.request");

    public static IReadOnlyList<MessageKind> All { get; } =
    [
        BookingStatus, BookingRequest, BookingAccessCode, CoordinatorDigest, VisitReminder, AgencyReminder, AttendanceUpdate, ComplaintEscalation,
        ComplaintStatus, ComplaintAccessCode, SkmInvite, SkmReminder, HandoffMessage, HandoffClaimed, HandoffReleased, HandoffTimedOut, HandoffRequest,
    ];

    /// <summary>The kind of a stored name, or null for a name that is not in the catalogue.</summary>
    public static MessageKind? Find(string? name) => All.FirstOrDefault(k => k.Name == name);
}
