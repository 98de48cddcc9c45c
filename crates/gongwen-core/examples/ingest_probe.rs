//! Probe: read files through ingest and print format, encoding, size and time.
fn main() {
    let show = std::env::var_os("SHOW").is_some();
    for p in std::env::args().skip(1) {
        let t = std::time::Instant::now();
        let r = gongwen_core::ingest::read_file(std::path::Path::new(&p), &Default::default());
        match r {
            Ok(i) if show => print!("{}", i.text),
            Ok(i) => println!(
                "{p}: {:?} {} {} bytes {} hints {:?}",
                i.format,
                i.encoding,
                i.text.len(),
                i.hints.len(),
                t.elapsed()
            ),
            Err(e) => println!("{p}: error {e} {:?}", t.elapsed()),
        }
    }
}
