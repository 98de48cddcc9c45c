//! Print the decoded text of a file as ingest gives it, with line numbers (a debugging
//! aid: `cargo run -p gongwen-core --example show_text FILE`).

fn main() {
    let Some(p) = std::env::args().nth(1) else {
        eprintln!("usage: show_text FILE");
        std::process::exit(2);
    };
    match gongwen_core::ingest::read_file(std::path::Path::new(&p), &Default::default()) {
        Ok(i) => {
            for (n, l) in i.text.lines().enumerate() {
                println!("{:>5} {l}", n + 1);
            }
            for h in &i.hints {
                eprintln!("hint {h:?}");
            }
        }
        Err(e) => {
            eprintln!("{e}");
            std::process::exit(2);
        }
    }
}
