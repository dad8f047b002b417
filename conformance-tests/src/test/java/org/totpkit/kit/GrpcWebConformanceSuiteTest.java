package org.totpkit.kit;

import static io.cucumber.junit.platform.engine.Constants.GLUE_PROPERTY_NAME;
import static io.cucumber.junit.platform.engine.Constants.PLUGIN_PROPERTY_NAME;
import static io.cucumber.junit.platform.engine.Constants.PLUGIN_PUBLISH_QUIET_PROPERTY_NAME;

import java.io.IOException;
import org.junit.platform.suite.api.AfterSuite;
import org.junit.platform.suite.api.BeforeSuite;
import org.junit.platform.suite.api.ConfigurationParameter;
import org.junit.platform.suite.api.ConfigurationParametersResource;
import org.junit.platform.suite.api.IncludeEngines;
import org.junit.platform.suite.api.SelectPackages;
import org.junit.platform.suite.api.Suite;
import org.totpkit.kit.target.Transport;

/**
 * The whole feature suite over grpc-web, against the embedded reference server (the same server
 * {@link ConformanceSuiteTest} checks over REST). Reports land in
 * target/conformance-report-grpc-web.
 */
@Suite
@IncludeEngines("cucumber")
@SelectPackages("features")
@ConfigurationParameter(key = GLUE_PROPERTY_NAME, value = ConformanceKit.GLUE)
@ConfigurationParameter(
    key = PLUGIN_PROPERTY_NAME,
    value =
        "org.totpkit.kit.report.ConformanceReportPlugin:target/conformance-report-grpc-web,"
            + " junit:target/conformance-report-grpc-web/junit.xml,"
            + " json:target/conformance-report-grpc-web/cucumber.json,"
            + " html:target/conformance-report-grpc-web/cucumber.html")
@ConfigurationParameter(key = PLUGIN_PUBLISH_QUIET_PROPERTY_NAME, value = "true")
// Concurrent scenarios, @clock and @policy alone: the same as the kit's own runs.
@ConfigurationParametersResource("org/totpkit/kit/concurrency.properties")
public class GrpcWebConformanceSuiteTest {

  @BeforeSuite
  static void overGrpcWeb() {
    TransportSuites.begin(Transport.GRPC_WEB);
  }

  @AfterSuite
  static void finish() throws IOException {
    TransportSuites.end("target/conformance-report-grpc-web");
  }
}
