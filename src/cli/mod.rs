//! Command line: argument parsing and one function per subcommand.

use std::path::PathBuf;

use anyhow::{bail, Context};
use chrono::NaiveDate;
use clap::{Parser, Subcommand};

use crate::domain::demo;
use crate::domain::fields::parse_date;
use crate::store::{default_db_path, Store};
use crate::ui::{self, app::App, theme::Theme};

#[derive(Parser, Debug)]
#[command(
    name = "iepmeet",
    version,
    about = "Walk an IEP team through a meeting, section by section, and record the minutes as you type.",
    long_about = "Walk an IEP team through a meeting, section by section, and record the minutes as you type.\n\n\
                  Without a subcommand, opens the terminal UI. Data lives in one SQLite file: by default in the\n\
                  platform data directory, or where --db / IEPMEET_DB point."
)]
pub struct Cli {
    /// Database file (default: the platform data directory)
    #[arg(long, global = true, env = "IEPMEET_DB", value_name = "PATH")]
    pub db: Option<PathBuf>,

    /// Theme: a built-in name (default, high-contrast) or a path to a theme TOML file
    #[arg(long, global = true, default_value = "default")]
    pub theme: String,

    /// Use this date as today (YYYY-MM-DD); for rehearsals and tests
    #[arg(long, global = true, value_name = "DATE", hide = true)]
    pub today: Option<String>,

    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Add a deterministic, clearly fictional demo caseload to the database
    Demo {
        /// Number of students
        #[arg(long, default_value_t = 40, value_parser = clap::value_parser!(u32).range(1..=1_000_000))]
        students: u32,
        /// Seed: the same seed and date give the same caseload
        #[arg(long, default_value_t = 1)]
        seed: u64,
    },
    /// Print where the database is and what it holds
    Info,
}

fn today(cli: &Cli) -> anyhow::Result<NaiveDate> {
    match &cli.today {
        Some(t) => parse_date(t).map_err(|e| anyhow::anyhow!("--today: {e}")),
        None => Ok(chrono::Local::now().date_naive()),
    }
}

fn db_path(cli: &Cli) -> anyhow::Result<PathBuf> {
    match &cli.db {
        Some(p) if p.as_os_str().is_empty() => bail!("--db / IEPMEET_DB is empty"),
        Some(p) => Ok(p.clone()),
        None => default_db_path().context("no home directory found; pass --db PATH or set IEPMEET_DB"),
    }
}

pub fn main() -> anyhow::Result<()> {
    let cli = Cli::parse();
    let today = today(&cli)?;
    let path = db_path(&cli)?;
    match &cli.command {
        None => {
            use std::io::IsTerminal;
            if !std::io::stdout().is_terminal() || !std::io::stdin().is_terminal() {
                bail!("the iepmeet UI needs a terminal; see `iepmeet --help` for commands that do not");
            }
            let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
            let theme = Theme::load(&cli.theme, no_color).map_err(|e| anyhow::anyhow!(e))?;
            let store = Store::open(&path)?;
            let app = App::new(store, theme, today)?;
            ui::run(app)
        }
        Some(Command::Demo { students, seed }) => {
            let mut store = Store::open(&path)?;
            let cases = demo::caseload(*students as usize, *seed, today);
            let n = store.load_demo(&cases, today)?;
            store.set_state("welcomed", "demo")?;
            println!("Added {n} fictional demo students (IDs DEMO-…) to {}", path.display());
            Ok(())
        }
        Some(Command::Info) => {
            let store = Store::open(&path)?;
            println!("database: {}", path.display());
            println!("schema version: {}", store.schema_version()?);
            println!("students: {}", store.student_count()?);
            Ok(())
        }
    }
}
