-- Capacity of one office day set by the coordinator/admin in the console (default: KissBot:DailyCapacity). Enforced
-- under the per-day lock when a booking is created, moved or confirmed; every change is in the audit log.
CREATE TABLE day_capacity (
    visit_date  date PRIMARY KEY,
    capacity    int NOT NULL CHECK (capacity BETWEEN 0 AND 50),
    updated_at  timestamptz NOT NULL,
    updated_by  text NOT NULL
);
