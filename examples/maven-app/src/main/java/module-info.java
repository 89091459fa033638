/** The example application: reads go4j's API module, nothing else. */
module com.example.app {
    requires dev.go4j;
    exports com.example.app;
}
