/// The courses of the requested treatment (LANGUAGE.md §4, courses and review kinds): its past
/// sessions in date order, a new course starting at a session more than the policy's `new course
/// after D without sessions` after the one before it, and at the request itself when it comes
/// more than D after the last one. The one place weeks of treatment and review kinds are
/// worked out: session and dose limits, the decision, `request.review` and the explanations read
/// them from here.
public struct Courses: Sendable {
    /// For each past session (in the order of the slice given), the first day of its own course;
    /// empty when there is one course (then it is `firstDay`) or when not asked for.
    let starts: [Day]
    /// The first past session's day (the request date without past sessions).
    let firstDay: Day
    /// The first day of the current course: its first past session, or the request date when
    /// the request starts a course.
    public let currentStart: Day
    /// How many past sessions the current course has (0 when the request starts it).
    public let currentSessions: Int
    /// How many courses the past sessions form (0 without past sessions).
    public let pastCourses: Int
    /// The request's week in the current course.
    public let requestWeek: Int
    /// The request's review kind: `request.review` when given, else `continuation` when the
    /// current course has past sessions, else `initial`.
    public let review: ReviewKind
    /// Whether `review` is the case's own `request.review`.
    public let reviewGiven: Bool
    /// The break that starts a new course, when the policy has one.
    public let newCourseAfter: Duration?

    /// `past`: the sessions of the requested treatment on or before `date`, oldest first.
    /// `weeks`: whether to keep each past session's course (`week(ofPast:)`; phase-limited lines
    /// need it). With one course, nothing is kept: every session's course starts on `firstDay`.
    public init(past: ArraySlice<PastSession>, date: Day, newCourseAfter: Duration?, given: ReviewKind?, weeks: Bool) {
        var starts: [Day] = []
        let keep = weeks && newCourseAfter != nil
        if keep { starts.reserveCapacity(past.count) }
        firstDay = past.first?.date ?? date
        var start = firstDay
        var startIndex = past.startIndex
        var courses = past.isEmpty ? 0 : 1
        var previous: Day?
        for i in past.indices {
            let day = past[i].date
            if let previous, Courses.breaks(after: previous, at: day, newCourseAfter) {
                start = day
                startIndex = i
                courses += 1
            }
            if keep { starts.append(start) }
            previous = day
        }
        self.starts = starts
        self.pastCourses = courses
        self.newCourseAfter = newCourseAfter
        if let last = past.last?.date, !Courses.breaks(after: last, at: date, newCourseAfter) {
            currentStart = start
            currentSessions = past.endIndex - startIndex
        } else {
            currentStart = date
            currentSessions = 0
        }
        requestWeek = Courses.week(of: date, from: currentStart)
        review = given ?? (currentSessions > 0 ? .continuation : .initial)
        reviewGiven = given != nil
    }

    /// Whether a session on `day` starts a new course after one on `previous`: it comes more
    /// than `gap` after it (never without a `new course after` line).
    public static func breaks(after previous: Day, at day: Day, _ gap: Duration?) -> Bool {
        guard let gap, let limit = gap.after(previous) else { return false }
        return day > limit
    }

    /// The week of `day` in a course that started on `start`: week 1 is days 0-6.
    public static func week(of day: Day, from start: Day) -> Int {
        let days = day.ordinal - start.ordinal
        return days < 0 ? 1 : days / 7 + 1
    }

    /// The week, in its own course, of the past session at `offset` in the slice given (kept
    /// only when asked for with `weeks`).
    @inline(__always)
    public func week(ofPast offset: Int, on day: Day) -> Int {
        Courses.week(of: day, from: starts.isEmpty ? firstDay : starts[offset])
    }

    /// Whether the request starts a course (it is in week 1 with no past session in its course).
    public var requestStartsCourse: Bool { currentSessions == 0 }
}
