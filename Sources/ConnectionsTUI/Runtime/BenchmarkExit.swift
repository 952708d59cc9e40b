/// For `bench/tui.sh` only: quit once the first full frame (`first-frame`) or the whole list (`whole-list`) is drawn,
/// so that start-up can be timed from outside.
enum BenchmarkExit {
    case firstFullFrame, wholeList

    init?(_ setting: String?) {
        switch setting {
        case "first-frame": self = .firstFullFrame
        case "whole-list": self = .wholeList
        default: return nil
        }
    }

    func isReached(by action: Action) -> Bool {
        switch (self, action) {
        case (_, .loaded), (.firstFullFrame, .firstConnections): true
        default: false
        }
    }
}
