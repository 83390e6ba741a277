//! Parse and lint any bytes, as a file named on the command line and as one found while
//! walking: no panic, spans within the text.
#![no_main]

use ecslint::lint::{Outcome, Settings, lint_bytes};
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
});
