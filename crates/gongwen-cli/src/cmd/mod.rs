//! One file per command.

pub mod add;
pub mod check;
pub mod duplicates;
pub mod extract;
pub mod ledger;
pub mod list;
pub mod outline;
pub mod reindex;
pub mod remove;
pub mod reuse;
pub mod rules;
pub mod search;
pub mod serve;
pub mod similar;

/// The `--library DIR` option of the library commands.
#[derive(clap::Args, Debug, Clone)]
pub struct LibraryArg {
    /// Library folder (default: $GONGWEN_LIBRARY, else ~/.local/share/gongwen/library).
    #[arg(long, value_name = "DIR")]
    pub library: Option<std::path::PathBuf>,
}

impl LibraryArg {
    pub fn dir(&self) -> std::path::PathBuf {
        gongwen_library::default_dir(self.library.as_deref())
    }
}
