-- Booking lifecycle for the office: "declined" (with a reason the citizen receives), what the field officer records
-- when a visit is served (NIB numbers, how many pelaku usaha were served), and indexes for the console's board.

ALTER TABLE bookings DROP CONSTRAINT bookings_status_check;
ALTER TABLE bookings ADD CONSTRAINT bookings_status_check
    CHECK (status IN ('requested','confirmed','scheduled','in_service','served','cancelled','no_show','declined'));
ALTER TABLE bookings ADD COLUMN nib_numbers text[];
ALTER TABLE bookings ADD COLUMN people_served int CHECK (people_served BETWEEN 0 AND 500);

DROP INDEX bookings_active_by_day;
CREATE INDEX bookings_active_by_day ON bookings (visit_date) WHERE status NOT IN ('cancelled', 'no_show', 'declined');
CREATE INDEX bookings_by_status_day ON bookings (status, visit_date);
