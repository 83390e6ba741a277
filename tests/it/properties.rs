//! Property: whatever bytes a file holds (here, the samples mutated at random), linting ends
//! with diagnostics whose spans lie within the text, without a panic; the language server's
//! framing reads any byte stream to its end.

use ecslint::lint::{Outcome, Settings, lint_bytes};
use proptest::prelude::*;

fn samples() -> Vec<Vec<u8>> {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/examples");
    let mut files: Vec<_> =
        std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().path()).filter(|p| p.is_file()).collect();
    files.sort();
    files.iter().map(|p| std::fs::read(p).unwrap()).collect()
}

#[derive(Debug, Clone)]
enum Edit {
    Insert(usize, Vec<u8>),
    Delete(usize, usize),
    Replace(usize, u8),
}

fn edit() -> impl Strategy<Value = Edit> {
    let bytes = prop::collection::vec(
        prop_oneof![
            Just(b'{'),
            Just(b'}'),
            Just(b'['),
            Just(b']'),
            Just(b'"'),
            Just(b','),
            Just(b':'),
            Just(b'\\'),
            Just(b'0'),
            Just(b'-'),
            Just(b'e'),
            Just(0xFF),
            Just(0xC3),
            Just(b'$'),
            Just(b'<'),
            any::<u8>()
        ],
        1..8,
    );
    prop_oneof![
        (any::<usize>(), bytes).prop_map(|(at, b)| Edit::Insert(at, b)),
        (any::<usize>(), 1usize..40).prop_map(|(at, n)| Edit::Delete(at, n)),
        (any::<usize>(), any::<u8>()).prop_map(|(at, b)| Edit::Replace(at, b)),
    ]
}

fn apply(mut bytes: Vec<u8>, edits: &[Edit]) -> Vec<u8> {
    for e in edits {
        let len = bytes.len().max(1);
        match e {
            Edit::Insert(at, b) => {
                let at = at % (bytes.len() + 1);
                bytes.splice(at..at, b.iter().copied());
            }
            Edit::Delete(at, n) => {
                let at = at % len;
                let end = (at + n).min(bytes.len());
                if at < end {
                    bytes.drain(at..end);
                }
            }
            Edit::Replace(at, b) => {
                if !bytes.is_empty() {
                    let at = at % bytes.len();
                    bytes[at] = *b;
                }
            }
        }
    }
    bytes
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]

    #[test]
    fn mutated_samples_lint_without_panics(sample in 0usize..5, edits in prop::collection::vec(edit(), 1..6)) {
        let samples = samples();
        let bytes = apply(samples[sample % samples.len()].clone(), &edits);
        for sniff in [false, true] {
            if let Outcome::Checked(diagnostics) = lint_bytes(&bytes, sniff, &Settings::default()) {
                for d in diagnostics {
                    prop_assert!(d.span.start <= d.span.end && d.span.end <= bytes.len() + 3, "{:?}", d);
                    prop_assert!(d.start.line >= 1 && d.start.column >= 1);
                }
            }
        }
    }

    #[test]
    fn mutated_terraform_modules_lint_without_panics(sample in 0usize..3, edits in prop::collection::vec(edit(), 1..6)) {
        let root = env!("CARGO_MANIFEST_DIR");
        let samples = [
            format!("{root}/examples/terraform/main.tf"),
            format!("{root}/tests/fixtures/terraform/module/main.tf"),
            format!("{root}/tests/fixtures/terraform/module/variables.tf"),
        ];
        let bytes = apply(std::fs::read(&samples[sample]).unwrap(), &edits);
        // Read as Terraform (the text names resources), alone and as a file of its module.
        let text = String::from_utf8_lossy(&bytes);
        if let Outcome::Checked(diagnostics) = ecslint::lint::lint_text(&text, false, &Settings::default()) {
            for d in diagnostics {
                prop_assert!(d.span.start <= d.span.end && d.span.end <= text.len() + 3, "{:?}", d);
            }
        }
    }

    #[test]
    fn the_lsp_framing_reads_any_bytes_to_the_end(bytes in prop::collection::vec(any::<u8>(), 0..400)) {
        let framed = [b"Content-Length: 12\r\n\r\n".as_slice(), &bytes].concat();
        let mut reader = std::io::Cursor::new(framed);
        let mut frames = 0;
        loop {
            match ecslint::lsp::transport::read_frame(&mut reader) {
                Ok(ecslint::lsp::transport::Frame::End) | Err(_) => break,
                Ok(_) => frames += 1,
            }
            prop_assert!(frames < 1000);
        }
    }
}
