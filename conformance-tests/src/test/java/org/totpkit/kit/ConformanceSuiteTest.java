package org.totpkit.kit;

import static io.cucumber.junit.platform.engine.Constants.GLUE_PROPERTY_NAME;
import static io.cucumber.junit.platform.engine.Constants.PLUGIN_PROPERTY_NAME;
import static io.cucumber.junit.platform.engine.Constants.PLUGIN_PUBLISH_QUIET_PROPERTY_NAME;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.platform.suite.api.AfterSuite;
import org.junit.platform.suite.api.ConfigurationParameter;
import org.junit.platform.suite.api.ConfigurationParametersResource;
import org.junit.platform.suite.api.IncludeEngines;
import org.junit.platform.suite.api.SelectPackages;
import org.junit.platform.suite.api.Suite;
import org.totpkit.kit.report.ReportDirectory;

/**
 * The whole feature suite, run by surefire against the embedded reference server (or against {@code
 * -Dtotp.target=FILE}). Reports land in target/conformance-report.
 */
@Suite
@IncludeEngines("cucumber")
@SelectPackages("features")
@ConfigurationParameter(key = GLUE_PROPERTY_NAME, value = ConformanceKit.GLUE)
@ConfigurationParameter(
    key = PLUGIN_PROPERTY_NAME,
    value =
        "org.totpkit.kit.report.ConformanceReportPlugin:target/conformance-report,"
            + " junit:target/conformance-report/junit.xml,"
            + " json:target/conformance-report/cucumber.json,"
            + " html:target/conformance-report/cucumber.html")
@ConfigurationParameter(key = PLUGIN_PUBLISH_QUIET_PROPERTY_NAME, value = "true")
// Concurrent scenarios, @clock and @policy alone: the same as the kit's own runs.
@ConfigurationParametersResource("org/totpkit/kit/concurrency.properties")
public class ConformanceSuiteTest {

  @AfterSuite
  static void redactTheReports() throws IOException {
    ReportDirectory.redactAll(Path.of("target/conformance-report"));
  }
}
