//! Parse and lint any bytes, as a file named on the command line, as one found while
//! walking, and (when they are UTF-8) as a Terraform `.tf` file: no panic, spans within the text.
#![no_main]

use ecslint::lint::{Outcome, Settings, lint_bytes, lint_text_at};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let settings = Settings::default();
    for sniff in [false, true] {
        if let Outcome::Checked(diagnostics) = lint_bytes(data, sniff, &settings) {
            for d in diagnostics {
                assert!(d.span.start <= d.span.end && d.span.end <= data.len() + 3);
            }
        }
    }
    // A `.tf` file in a directory that does not exist: the module is the file alone.
    if let Ok(text) = std::str::from_utf8(data)
        && let Outcome::Checked(diagnostics) =
            lint_text_at(text, std::path::Path::new("/nonexistent/ecslint-fuzz/main.tf"), &settings)
    {
        for d in diagnostics {
            assert!(d.span.start <= d.span.end && d.span.end <= data.len() + 3);
        }
    }
});
