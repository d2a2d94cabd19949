-- Issue 13: the booking access code's message kind in the catalogue's style (shared/Messaging/MessageKind.cs).
UPDATE outbox SET kind = 'booking.accesscode' WHERE kind = 'booking_access_code';
