public enum Version {
    public static let current = "0.5.0"
}
