-- Issue 13: one naming style for message kinds (shared/Messaging/MessageKind.cs). Stored rows with the older
-- underscore names are renamed; a WhatsApp template configured under an old name must be renamed in configuration too.
UPDATE outbox SET kind = CASE kind
    WHEN 'booking_status' THEN 'booking.status'
    WHEN 'booking_request' THEN 'booking.request'
    WHEN 'coordinator_digest' THEN 'coordinator.digest'
    WHEN 'visit_reminder' THEN 'visit.reminder'
    WHEN 'agency_reminder' THEN 'agency.reminder'
    WHEN 'attendance_update' THEN 'attendance.update'
    WHEN 'complaint_escalation' THEN 'complaint.escalation'
    WHEN 'skm_reminder' THEN 'skm.reminder'
    ELSE kind END
WHERE kind IN ('booking_status', 'booking_request', 'coordinator_digest', 'visit_reminder', 'agency_reminder',
               'attendance_update', 'complaint_escalation', 'skm_reminder');
