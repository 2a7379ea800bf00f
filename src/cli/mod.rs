//! Command line: argument parsing and dispatch; bigger subcommands have a file of their own.

mod access;
mod audit;
mod check;
mod export;
mod roster;
mod rules;
mod status;

use std::path::PathBuf;

use anyhow::{bail, Context};
use chrono::NaiveDate;
use clap::{Parser, Subcommand};

use crate::domain::demo;
use crate::domain::fields::parse_date;
use crate::domain::text::display;
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

    /// Theme: a built-in name (default, light, high-contrast, colour-blind, monochrome) or a path to a
    /// theme TOML file; overrides the config file. NO_COLOR always means monochrome.
    #[arg(long, global = true)]
    pub theme: Option<String>,

    /// Use this date as today (YYYY-MM-DD): for rehearsals, tests and checking a past meeting
    #[arg(long, global = true, value_name = "DATE")]
    pub today: Option<String>,

    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Subcommand, Debug)]
pub enum ImportWhat {
    /// Students from a CSV roster; re-importing updates by student ID
    Students {
        /// The CSV file (UTF-8, with or without BOM)
        file: PathBuf,
        /// Validate and report what would change, but write nothing
        #[arg(long)]
        dry_run: bool,
    },
    /// The staff directory a meeting's team is picked from (docs/staff-format.md); re-importing
    /// updates by name
    Staff {
        /// The CSV file (UTF-8, with or without BOM): name, roles, qualifications, email
        file: PathBuf,
        /// Validate and report what would change, but write nothing
        #[arg(long)]
        dry_run: bool,
    },
}

/// `Command`'s clap side, written out instead of derived so that each subcommand's arguments are
/// built only when that subcommand runs (`clap::Command::defer`): building all of them, with their
/// help, took a third of a millisecond at every start, more than a lookup's query. Each line is
/// `Variant(ItsArgs) = "name": "the summary --help lists"` (no `(Args)` for a subcommand without
/// arguments); the arguments and their help are derived on the `…Args` structs as usual.
macro_rules! subcommands {
    ($($variant:ident $(($args:ty))? = $name:literal: $about:literal;)*) => {
        impl clap::Subcommand for Command {
            fn augment_subcommands(cmd: clap::Command) -> clap::Command {
                cmd$(.subcommand(clap::Command::new($name).about($about)$(.defer(<$args as clap::Args>::augment_args))?))*
            }
            fn augment_subcommands_for_update(cmd: clap::Command) -> clap::Command {
                cmd$(.subcommand(clap::Command::new($name).about($about)$(.defer(<$args as clap::Args>::augment_args_for_update))?))*
            }
            fn has_subcommand(name: &str) -> bool {
                matches!(name, $($name)|*)
            }
        }

        impl clap::FromArgMatches for Command {
            fn from_arg_matches(matches: &clap::ArgMatches) -> Result<Self, clap::Error> {
                Self::from_arg_matches_mut(&mut matches.clone())
            }
            fn from_arg_matches_mut(matches: &mut clap::ArgMatches) -> Result<Self, clap::Error> {
                let Some((name, mut sub)) = matches.remove_subcommand() else {
                    return Err(clap::Error::raw(clap::error::ErrorKind::MissingSubcommand, "a subcommand is needed\n"));
                };
                #[allow(unused_variables, unused_mut)]
                let sub = &mut sub;
                $(if name == $name {
                    return Ok(subcommands!(@build $variant sub $($args)?));
                })*
                Err(clap::Error::raw(clap::error::ErrorKind::InvalidSubcommand, format!("no such subcommand: {name}\n")))
            }
            fn update_from_arg_matches(&mut self, matches: &clap::ArgMatches) -> Result<(), clap::Error> {
                *self = Self::from_arg_matches(matches)?;
                Ok(())
            }
        }
    };
    (@build $variant:ident $sub:ident $args:ty) => {
        Command::$variant(<$args as clap::FromArgMatches>::from_arg_matches_mut($sub)?)
    };
    (@build $variant:ident $sub:ident) => {
        Command::$variant
    };
}

/// The subcommands. Each one's arguments are built only when it is the one being run (`subcommands!`).
#[derive(Debug)]
pub enum Command {
    Demo(DemoArgs),
    Info,
    Check(CheckArgs),
    Wall(WallArgs),
    Export(ExportArgs),
    Keys(KeysArgs),
    Access(AccessArgs),
    Audit(AuditArgs),
    Search(SearchArgs),
    Status(StatusArgs),
    Due(DueArgs),
    Import(ImportArgs),
    Calendar(CalendarArgs),
    Rules(RulesArgs),
    Policy(PolicyArgs),
    Encrypt,
    Rekey,
    Decrypt,
    Backup(BackupArgs),
    Doctor,
    Verify(VerifyArgs),
}

subcommands! {
    Demo(DemoArgs) = "demo": "Add a deterministic, clearly fictional demo caseload to the database";
    Info = "info": "Print where the database is and what it holds";
    Check(CheckArgs) = "check": "Check a meeting document against the compliance rules (exit 0: no ERROR, 1: ERRORs, 2: bad input)";
    Wall(WallArgs) = "wall": "Show one meeting on this terminal for the room (a projector or shared screen): purpose, norms, agenda and time, what was agreed, next steps, the family's concerns, the parking lot; read-only, follows the meeting live (q closes)";
    Export(ExportArgs) = "export": "Export a meeting (by number, as shown on the student screen), or `students` for the roster";
    Keys(KeysArgs) = "keys": "The key bindings: built in (data/keys.toml) with your config's changes";
    Access(AccessArgs) = "access": "The record of access of one student (34 CFR 300.614, E.C. 49064): every time someone opened, looked up or exported their record — who, when, what, and for a release the recipient and purpose";
    Audit(AuditArgs) = "audit": "Every recorded change to a student's record and meetings: who, when, what, before and after";
    Search(SearchArgs) = "search": "Full-text search of all minutes and amendments (best matches first)";
    Status(StatusArgs) = "status": "Where a student's case stands: every due date with its basis, the open meeting and its ERRORs (exit 1 when nothing matches)";
    Due(DueArgs) = "due": "Students whose next deadline falls soon or has passed, soonest first";
    Import(ImportArgs) = "import": "Import students from a roster CSV (docs/roster-format.md), or the staff directory (docs/staff-format.md): all rows or none";
    Calendar(CalendarArgs) = "calendar": "Show the school calendar deadlines are counted on, or load a district's (data/calendars/ format)";
    Rules(RulesArgs) = "rules": "List the compliance rules (id, severity, meeting types, citation, on/off), or load a district's changes to them for this database (docs/district-rules.md)";
    Policy(PolicyArgs) = "policy": "Show or set the policy profile this database uses (california, idea-federal)";
    Encrypt = "encrypt": "Encrypt the database at rest (SQLCipher), in place and safely: the key from the file IEPMEET_KEY_FILE names, or a passphrase typed twice (never on the command line)";
    Rekey = "rekey": "Change an encrypted database's key: the current key as for opening it, the new one from IEPMEET_NEW_KEY_FILE or typed twice";
    Decrypt = "decrypt": "Write an encrypted database back as a plain one (the rare export back; it is then readable by anyone who can read the file)";
    Backup(BackupArgs) = "backup": "Copy the database to FILE in one consistent pass (safe while others are editing; never overwrites)";
    Doctor = "doctor": "Check the database: path and permissions, WAL mode, integrity, schema version, free disk, local filesystem, the audit chain; prints what to fix (exit 1 when something must be fixed)";
    Verify(VerifyArgs) = "verify": "Check that nothing recorded was quietly changed: the audit trail's hash chain, every finalized meeting against its seal, and the database triggers (exit 1 at the first sign of tampering)";
}

// One struct per subcommand with arguments, named after it. None has a doc comment: clap would
// take it as the subcommand's summary over the one in `subcommands!`.

// `iepmeet demo`
#[derive(clap::Args, Debug)]
pub struct DemoArgs {
    /// Number of students
    #[arg(long, default_value_t = 40, value_parser = clap::value_parser!(u32).range(1..=1_000_000))]
    pub students: u32,
    /// Seed: the same seed and date give the same caseload
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
}

// `iepmeet check`
#[derive(clap::Args, Debug)]
pub struct CheckArgs {
    /// The meeting document (JSON, docs/meeting-format.md); - reads standard input
    pub file: PathBuf,
    /// Print the findings as JSON
    #[arg(long)]
    pub json: bool,
    /// Policy profile: california or idea-federal
    #[arg(long, default_value = "california")]
    pub policy: String,
    /// School calendar TOML (data/calendars/ format; default: the built-in sample)
    #[arg(long, value_name = "FILE")]
    pub calendar: Option<PathBuf>,
    /// A district rules file (`iepmeet rules --load` format) to check with, over the built-in rules
    #[arg(long, value_name = "FILE")]
    pub rules: Option<PathBuf>,
}

// `iepmeet wall`
#[derive(clap::Args, Debug)]
pub struct WallArgs {
    /// Meeting number (as on the student screen); without it, the open meeting someone is working in now
    pub meeting: Option<String>,
    /// Language of the wall's fixed text: en or es
    #[arg(long, default_value = "en")]
    pub lang: String,
}

// `iepmeet export`
#[derive(clap::Args, Debug)]
pub struct ExportArgs {
    /// Meeting number, or `students`
    pub what: String,
    /// Output format: md, html, pdf or json for a meeting (default md), or summary — the family's one-page "What we agreed" (Markdown; HTML or PDF when FILE ends in .html or .pdf; or summary-html, summary-pdf); csv or json for students
    #[arg(long)]
    pub format: Option<String>,
    /// Write to this file instead of standard output
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Language of a meeting record's headings and fixed wording (md, html, pdf): en or es
    #[arg(long, default_value = "en")]
    pub lang: String,
    /// Who receives this copy, for the record of access: "Parent/guardian", "School staff with a
    /// legitimate educational interest", or a name and agency (then --purpose is needed)
    #[arg(long, value_name = "WHO")]
    pub recipient: Option<String>,
    /// Why the copy is released (kept in the record of access with the recipient)
    #[arg(long, value_name = "WHY")]
    pub purpose: Option<String>,
}

// `iepmeet keys`
#[derive(clap::Args, Debug)]
pub struct KeysArgs {
    /// Print the README's Markdown table
    #[arg(long)]
    pub markdown: bool,
    /// Only the built-in bindings (ignore the config file)
    #[arg(long)]
    pub defaults: bool,
}

// `iepmeet access`
#[derive(clap::Args, Debug)]
pub struct AccessArgs {
    /// Student ID (or a name that matches one student)
    pub student: String,
    /// Only from this date (YYYY-MM-DD)
    #[arg(long, value_name = "DATE")]
    pub since: Option<String>,
    /// Print the rows as JSON
    #[arg(long, conflicts_with = "format")]
    pub json: bool,
    /// `pdf`: the page a parent may inspect (needs -o FILE.pdf)
    #[arg(long)]
    pub format: Option<String>,
    /// Write to this file (with --format pdf)
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

// `iepmeet audit`
#[derive(clap::Args, Debug)]
pub struct AuditArgs {
    /// Student ID (or a name that matches one student)
    pub student: String,
    /// Print the rows as JSON
    #[arg(long)]
    pub json: bool,
}

// `iepmeet search`
#[derive(clap::Args, Debug)]
pub struct SearchArgs {
    /// Words (all must appear) or a "quoted phrase"
    pub query: String,
    /// Only this student's meetings (student ID or name)
    #[arg(long)]
    pub student: Option<String>,
    /// At most this many results
    #[arg(long, default_value_t = 20)]
    pub limit: usize,
}

// `iepmeet status`
#[derive(clap::Args, Debug)]
pub struct StatusArgs {
    /// A student ID or SSID, or name words (prefixes, any order: "quill jun")
    pub query: String,
    /// Print JSON
    #[arg(long)]
    pub json: bool,
}

// `iepmeet due`
#[derive(clap::Args, Debug)]
pub struct DueArgs {
    /// Deadlines within this many days from today (overdue ones included)
    #[arg(long, value_name = "DAYS", default_value_t = 30, value_parser = clap::value_parser!(i64).range(0..=3660))]
    pub within: i64,
    /// Only overdue deadlines
    #[arg(long)]
    pub overdue: bool,
    /// Only this case manager (part of the name, any case)
    #[arg(long, value_name = "NAME")]
    pub case_manager: Option<String>,
    /// Only this school (part of the name, any case)
    #[arg(long, value_name = "NAME")]
    pub school: Option<String>,
    /// Only this kind of deadline: initial, assessment-plan, parent-request, interim, manifestation, annual, triennial, transition-plan
    #[arg(long, value_name = "KIND")]
    pub kind: Option<String>,
    /// Print JSON
    #[arg(long)]
    pub json: bool,
}

// `iepmeet import`
#[derive(clap::Args, Debug)]
pub struct ImportArgs {
    #[command(subcommand)]
    pub what: ImportWhat,
}

// `iepmeet calendar`
#[derive(clap::Args, Debug)]
pub struct CalendarArgs {
    /// A calendar TOML file to use from now on (every case is recomputed)
    pub file: Option<PathBuf>,
    /// Go back to the built-in sample calendar
    #[arg(long, conflicts_with = "file")]
    pub sample: bool,
}

// `iepmeet rules`
#[derive(clap::Args, Debug)]
pub struct RulesArgs {
    /// A district rules file to use from now on (validated; nothing changes if it is refused)
    #[arg(long, value_name = "FILE", conflicts_with = "builtin")]
    pub load: Option<PathBuf>,
    /// Go back to the built-in rules
    #[arg(long)]
    pub builtin: bool,
    /// Only the rules that apply to this meeting type
    #[arg(long = "type", value_name = "TYPE")]
    pub mtype: Option<String>,
    /// Print JSON (with the catalog's own citations and notes)
    #[arg(long)]
    pub json: bool,
}

// `iepmeet policy`
#[derive(clap::Args, Debug)]
pub struct PolicyArgs {
    /// The profile to use from now on
    pub name: Option<String>,
}

// `iepmeet backup`
#[derive(clap::Args, Debug)]
pub struct BackupArgs {
    /// The new file (must not exist yet)
    pub file: PathBuf,
}

// `iepmeet verify`
#[derive(clap::Args, Debug)]
pub struct VerifyArgs {
    /// Print only the chain head (last row and its hash), to keep somewhere else
    #[arg(long)]
    pub head: bool,
}

/// What became of recording a read in the record of access (`Store::log_access`, `log_export`),
/// which callers do before anything of the record is shown or written. A database this user may
/// only read cannot keep it: that is said on standard error and the read goes on. Any other
/// failure to record stops the read: nothing is shown that is not logged.
pub(crate) fn record_access(logged: crate::store::Result<()>) -> anyhow::Result<()> {
    match logged {
        Ok(()) => Ok(()),
        Err(crate::store::StoreError::ReadOnly(p)) => {
            crate::errln!("Note: this read is not in the record of access: {} is read-only for you.", p.display());
            Ok(())
        }
        Err(e) => bail!("the record of access could not be written ({e}); nothing was shown or exported"),
    }
}

/// Wrap `text` into lines of at most `width` columns (a longer word stands alone): the first line
/// indented by `first` spaces, the others by `hang`. Every line ends with a newline.
fn wrap(text: &str, first: usize, hang: usize, width: usize) -> String {
    let mut out = String::new();
    let mut indent = first;
    let mut line = String::new();
    for w in text.split_whitespace() {
        if !line.is_empty() && indent + line.chars().count() + 1 + w.chars().count() > width {
            out.push_str(&" ".repeat(indent));
            out.push_str(&line);
            out.push('\n');
            line.clear();
            indent = hang;
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(w);
    }
    if !line.is_empty() {
        out.push_str(&" ".repeat(indent));
        out.push_str(&line);
        out.push('\n');
    }
    out
}

fn today(cli: &Cli) -> anyhow::Result<NaiveDate> {
    match &cli.today {
        // Every deadline is counted from today: a year outside the fields' range (1950-2100) would
        // only make date arithmetic overflow.
        Some(t) => match parse_date(t) {
            Ok(d) if (1950..=2100).contains(&chrono::Datelike::year(&d)) => Ok(d),
            Ok(d) => bail!("--today: {d} is outside the years 1950-2100 that dates in iepmeet can have"),
            Err(e) => bail!("--today: {e}"),
        },
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

/// Run the command line; the result is the process exit code.
pub fn main() -> anyhow::Result<i32> {
    let cli = Cli::parse();
    let today = today(&cli)?;
    if let Some(Command::Check(CheckArgs { file, json, policy, calendar, rules })) = &cli.command {
        return check::run(file, *json, policy, calendar.as_deref(), rules.as_deref(), today);
    }
    if let Some(Command::Keys(KeysArgs { markdown, defaults })) = &cli.command {
        let mut km = crate::ui::keys::Keymap::builtin().clone();
        if !defaults {
            let (config, warning) = crate::config::load(crate::config::config_path().as_deref());
            for p in warning.into_iter().chain(km.remap(&config.keys)) {
                crate::errln!("{p}");
            }
        }
        if *markdown {
            crate::out!("{}", km.markdown());
        } else {
            for (ctx, label) in &km.contexts {
                crate::outln!("{label}:");
                for b in km.in_context(ctx) {
                    crate::outln!("  {:<16} {:<40} {}", b.keys_text(), b.help, if b.fixed { "(fixed)".to_string() } else { b.id() });
                }
            }
        }
        return Ok(0);
    }
    let path = db_path(&cli)?;
    if let Some(Command::Doctor) = &cli.command {
        return Ok(doctor(&path));
    }
    if let Some(Command::Verify(VerifyArgs { head })) = &cli.command {
        return verify(&path, *head);
    }
    if let Some(c @ (Command::Encrypt | Command::Rekey | Command::Decrypt)) = &cli.command {
        return convert(&path, c);
    }
    match &cli.command {
        None => {
            use std::io::IsTerminal;
            if !std::io::stdout().is_terminal() || !std::io::stdin().is_terminal() {
                bail!("the iepmeet UI needs a terminal; see `iepmeet --help` for commands that do not");
            }
            let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
            let (config, mut warnings) = crate::config::load(crate::config::config_path().as_deref());
            let name = cli.theme.clone().or_else(|| config.theme.clone()).unwrap_or_else(|| "default".into());
            let theme = Theme::choose(&name, no_color).unwrap_or_else(|e| {
                warnings = Some(format!("{e}; using the default theme"));
                Theme::choose("default", no_color).expect("built-in theme")
            });
            let store = Store::open(&path)?;
            let mut app = App::new(store, theme, today)?;
            app.apply_config(&config, warnings);
            app.start_tour_if_new(config.tour != Some(false));
            ui::run(app)?;
            Ok(0)
        }
        Some(Command::Wall(WallArgs { meeting, lang })) => {
            // Bad input first, each in one sentence; then the terminal.
            let lang = crate::export::lang::Lang::builtin(lang).map_err(|e| anyhow::anyhow!("wall: {e}"))?;
            let store = Store::open(&path)?;
            let id = match meeting {
                Some(m) => m.trim().parse::<i64>().map_err(|_| anyhow::anyhow!("wall: expected a meeting number (as on the student screen), got '{}'", display(m)))?,
                None => store.active_meeting()?.ok_or_else(|| {
                    anyhow::anyhow!("wall: no one is working in an open meeting right now; give its number: iepmeet wall 42")
                })?,
            };
            let wall = ui::wall::Wall::load(&store, id, lang, today).map_err(|e| anyhow::anyhow!("wall: {e}"))?;
            use std::io::IsTerminal;
            if !std::io::stdout().is_terminal() {
                bail!("the wall needs a terminal to show the meeting on; run it in the window the room sees");
            }
            let mut store = store;
            let sid = store.student_of_meeting(id)?;
            record_access(store.log_access(&[sid], Some(id), &crate::domain::access::View::Wall, None))?;
            let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
            ui::wall::run(store, wall, ui::wall::theme(no_color))?;
            Ok(0)
        }
        Some(Command::Demo(DemoArgs { students, seed })) => {
            let mut store = Store::open(&path)?;
            let cases = demo::caseload(*students as usize, *seed, today);
            let pb = roster::progress_bar(cases.len() as u64, "Adding students", cases.len() >= 5_000);
            let n = store.load_demo(&cases, today, |i| pb.set_position(i as u64))?;
            pb.finish_and_clear();
            store.set_state("welcomed", "demo")?;
            crate::outln!("Added {n} fictional demo students (IDs DEMO-…) to {}", path.display());
            Ok(0)
        }
        Some(Command::Info) => {
            let store = Store::open(&path)?;
            crate::outln!("database: {}", path.display());
            crate::outln!("schema version: {}", store.schema_version()?);
            crate::outln!("students: {}", store.student_count()?);
            crate::outln!("policy: {}", store.get_state("policy")?.unwrap_or_else(|| "california".into()));
            Ok(0)
        }
        Some(Command::Export(ExportArgs { what, format, output, lang, recipient, purpose })) => {
            // The release is checked before anything is read or written.
            use crate::domain::access::{Disclosure, Refused};
            let to = Disclosure::new(recipient.as_deref(), purpose.as_deref()).map_err(|e| match e {
                Refused::NoPurpose(_) => anyhow::anyhow!("export: {e}; give it with --purpose \"…\""),
                Refused::NoRecipient => anyhow::anyhow!("export: {e} (--recipient \"Name, agency\")"),
                Refused::TooLong(..) => anyhow::anyhow!("export: {e}"),
            })?;
            let mut store = Store::open(&path)?.for_lookup()?;
            if what == "students" {
                let f = format.as_deref().unwrap_or("csv");
                return roster::export(&mut store, f, output.as_deref(), to.as_ref());
            }
            let meeting: i64 = what
                .parse()
                .map_err(|_| anyhow::anyhow!("export: expected a meeting number or `students`, got '{}'", display(what)))?;
            export::run(&mut store, meeting, format.as_deref().unwrap_or("md"), lang, output.as_deref(), to.as_ref())
        }
        Some(Command::Access(AccessArgs { student, since, json, format, output })) => {
            let mut store = Store::open(&path)?.for_lookup()?;
            access::run(&mut store, student, since.as_deref(), *json, format.as_deref(), output.as_deref())
        }
        Some(Command::Audit(AuditArgs { student, json })) => {
            let mut store = Store::open(&path)?.for_lookup()?;
            audit::run(&mut store, student, *json)
        }
        Some(Command::Search(SearchArgs { query, student, limit })) => {
            let mut store = Store::open(&path)?.for_lookup()?;
            audit::search(&mut store, query, student.as_deref(), *limit)
        }
        Some(Command::Status(StatusArgs { query, json })) => {
            let mut store = Store::open(&path)?.for_lookup()?;
            status::status(&mut store, query, *json, today)
        }
        Some(Command::Due(DueArgs { within, overdue, case_manager, school, kind, json })) => {
            let store = Store::open(&path)?;
            let kind = match kind {
                None => None,
                Some(k) => Some(
                    crate::timeline::DueKind::from_code(k)
                        .filter(|k| k.is_deadline())
                        .ok_or_else(|| anyhow::anyhow!("--kind '{}': expected initial, assessment-plan, parent-request, interim, manifestation, annual, triennial or transition-plan", display(k)))?,
                ),
            };
            let f = status::DueFilter { within: Some(*within), overdue: *overdue, case_manager: case_manager.clone(), school: school.clone(), kind };
            status::due(&store, &f, *json, today)
        }
        Some(Command::Import(ImportArgs { what: ImportWhat::Students { file, dry_run } })) => {
            let mut store = Store::open(&path)?;
            roster::import(&mut store, file, *dry_run, today)
        }
        Some(Command::Import(ImportArgs { what: ImportWhat::Staff { file, dry_run } })) => {
            let mut store = Store::open(&path)?;
            roster::import_staff(&mut store, file, *dry_run)
        }
        Some(Command::Calendar(CalendarArgs { file, sample })) => {
            let mut store = Store::open(&path)?;
            let cal = match (file, sample) {
                (Some(f), _) => {
                    let name = display(&f.display().to_string());
                    let text = crate::input::read_text(f, crate::input::SMALL, "school calendar")?;
                    let cal = store.set_calendar(&text).map_err(|e| anyhow::anyhow!("{name}: {e}"))?;
                    crate::outln!("This database now counts school days on the calendar '{}'; every case was recomputed.", display(&cal.name));
                    cal
                }
                (None, true) => {
                    let text = crate::timeline::calendar::BUILTIN[0].1;
                    let cal = store.set_calendar(text)?;
                    crate::outln!("This database now uses the built-in sample calendar; every case was recomputed.");
                    cal
                }
                (None, false) => store.calendar()?,
            };
            crate::outln!("{}: school year {} to {}{}", display(&cal.name), cal.first_day, cal.last_day,
                cal.next_first_day.map(|d| format!(", next year starts {d}")).unwrap_or_default());
            for b in &cal.breaks {
                crate::outln!("  break    {} to {}  {} ({} school days)", b.start, b.end, display(&b.name), cal.break_school_days(b));
            }
            for h in &cal.holidays {
                crate::outln!("  holiday  {}  {}", h.date, display(&h.name));
            }
            crate::outln!("Outside the school year every weekday counts as a school day.");
            Ok(0)
        }
        Some(Command::Rules(RulesArgs { load, builtin, mtype, json })) => rules::run(&path, load.as_deref(), *builtin, mtype.as_deref(), *json),
        Some(Command::Policy(PolicyArgs { name })) => {
            let mut store = Store::open(&path)?;
            match name {
                Some(n) => {
                    crate::timeline::Policy::builtin(n).map_err(|e| anyhow::anyhow!(e))?;
                    let p = store.set_policy(n)?;
                    crate::outln!("This database now uses the {} policy profile.", p.title);
                }
                None => {
                    let n = store.get_state("policy")?.unwrap_or_else(|| "california".into());
                    crate::outln!("{n} (available: {})", crate::timeline::Policy::names().join(", "));
                }
            }
            Ok(0)
        }
        Some(Command::Backup(BackupArgs { file })) => {
            let store = Store::open(&path)?;
            let pages = store.backup_to(file)?;
            crate::outln!("Backed up {} to {} ({pages} pages, integrity checked).", path.display(), file.display());
            Ok(0)
        }
        Some(Command::Check(CheckArgs { .. }) | Command::Doctor | Command::Verify(VerifyArgs { .. }) | Command::Keys(KeysArgs { .. }) | Command::Encrypt | Command::Rekey | Command::Decrypt) => unreachable!("handled above"),
    }
}

/// A new key: from the file `var` names, or typed twice on the terminal.
fn new_key(var: &str, db: &std::path::Path) -> anyhow::Result<String> {
    use crate::store::key;
    let k = match std::env::var_os(var).filter(|v| !v.is_empty()) {
        Some(f) => key::read_key_file(std::path::Path::new(&f), db)?,
        None => {
            let ask = |q: &str| key::prompt(q).ok_or_else(|| anyhow::anyhow!("no terminal to type the new passphrase on; name a key file with {var}"));
            let a = ask("New passphrase (at least 8 characters; keep it where the district keeps keys): ")?;
            let b = ask("The same passphrase again: ")?;
            if a != b {
                bail!("the two passphrases differ; nothing was changed");
            }
            a
        }
    };
    if k.chars().count() < key::MIN_KEY {
        bail!("the new key is shorter than {} characters; nothing was changed", key::MIN_KEY);
    }
    Ok(k)
}

/// `iepmeet encrypt`, `rekey`, `decrypt` (store::convert).
fn convert(path: &std::path::Path, what: &Command) -> anyhow::Result<i32> {
    use crate::store::key;
    let shown = display(&path.display().to_string());
    if !path.is_file() {
        bail!("no database at {shown}: point --db or IEPMEET_DB at it");
    }
    let encrypted = key::is_encrypted(path);
    let (from, to) = match (what, encrypted) {
        (Command::Encrypt, true) => bail!("{shown} is already encrypted; `iepmeet rekey` changes its key"),
        (Command::Encrypt, false) => (None, Some(new_key("IEPMEET_KEY_FILE", path)?)),
        (Command::Rekey | Command::Decrypt, false) => bail!("{shown} is not encrypted; `iepmeet encrypt` encrypts it"),
        (Command::Rekey, true) => {
            let old = key::key_for(path)?;
            (Some(old), Some(new_key("IEPMEET_NEW_KEY_FILE", path)?))
        }
        _ => (Some(key::key_for(path)?), None),
    };
    // The store opens with the current key (none, or the one just given).
    key::set_session_key(from.clone());
    let done = crate::store::convert::convert(path, from.as_deref(), to.as_deref())?;
    key::set_session_key(to.clone());
    let verb = match what {
        Command::Encrypt => "Encrypted",
        Command::Rekey => "Re-keyed",
        _ => "Decrypted",
    };
    crate::outln!("{verb} {shown}: {} tables, {} rows, checked against the old file before it was replaced.", done.tables, done.rows);
    match what {
        Command::Encrypt => crate::outln!("Keep the key safe: without it the database cannot be read, by anyone. Backups are encrypted with it too; exports are plain files."),
        Command::Decrypt => crate::outln!("The database is a plain file again: anyone who can read the file can read every record in it."),
        _ => {}
    }
    Ok(0)
}

/// `iepmeet verify`: read-only; exit 0 when the chain, the seals and the triggers are as written,
/// 1 with one line per problem otherwise.
fn verify(path: &std::path::Path, head_only: bool) -> anyhow::Result<i32> {
    use rusqlite::OpenFlags;
    if !path.exists() {
        bail!("no database at {}: point --db or IEPMEET_DB at the file to verify", display(&path.display().to_string()));
    }
    let conn = rusqlite::Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX)
        .map_err(|e| anyhow::anyhow!("cannot open {}: {e}", display(&path.display().to_string())))?;
    crate::store::key::unlock(&conn, path)?;
    let version: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    if version != crate::store::SCHEMA_VERSION {
        bail!(
            "{} is at schema version {version}; this iepmeet verifies version {}: open it once with iepmeet to upgrade it (make a backup first)",
            display(&path.display().to_string()),
            crate::store::SCHEMA_VERSION
        );
    }
    let head = crate::store::chain::head(&conn)?;
    if head_only {
        match head {
            Some((id, h)) => crate::outln!("audit chain head: row {id} sha256 {h}"),
            None => crate::outln!("audit chain head: empty (no changes recorded yet)"),
        }
        return Ok(0);
    }
    let problems = crate::store::chain::verify(&conn)?;
    let finalized: i64 = conn.query_row("SELECT count(*) FROM meetings WHERE status = 'finalized'", [], |r| r.get(0))?;
    if problems.is_empty() {
        let (n, h) = head.unwrap_or((0, String::new()));
        crate::outln!("✓ audit chain intact: {n} rows, head sha256 {h}");
        crate::outln!("✓ {finalized} finalized meeting(s) match their seals");
        crate::outln!("✓ schema and triggers exactly as iepmeet creates them");
        return Ok(0);
    }
    for p in &problems {
        crate::outln!("✗ FAIL {}\n    fix: {}", display(&p.what), p.fix);
    }
    Ok(1)
}

/// `iepmeet doctor`: every check, one line each, with what to do; exit 1 when one failed.
fn doctor(path: &std::path::Path) -> i32 {
    use crate::store::maintenance::{diagnose, Level};
    crate::outln!("iepmeet doctor: {}", display(&path.display().to_string()));
    let checks = diagnose(path);
    for c in &checks {
        let mark = match c.level {
            Level::Ok => "ok  ",
            Level::Warn => "WARN",
            Level::Fail => "FAIL",
        };
        let body = wrap(&display(&c.what), 5, 5, 80);
        crate::out!("{mark} {}", &body[5..]);
        if !c.fix.is_empty() {
            crate::out!("{}", wrap(&format!("fix: {}", display(&c.fix)), 5, 10, 80));
        }
    }
    let (warn, fail) = (checks.iter().filter(|c| c.level == Level::Warn).count(), checks.iter().filter(|c| c.level == Level::Fail).count());
    crate::outln!("{}", if fail + warn == 0 { "All checks passed.".to_string() } else { format!("{fail} to fix, {warn} to look at.") });
    i32::from(fail > 0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn the_command_line_is_consistent_once_every_subcommand_is_built() {
        // Builds every deferred subcommand and runs clap's own checks of ids, conflicts and defaults.
        Cli::command().debug_assert();
    }

    #[test]
    fn a_subcommands_arguments_are_built_only_when_it_runs() {
        let cmd = Cli::command();
        let status = cmd.find_subcommand("status").expect("status is listed");
        assert!(status.get_about().is_some_and(|a| a.to_string().starts_with("Where a student's case stands")));
        assert_eq!(status.get_arguments().count(), 0, "status's arguments were built before it ran");
        // Parsing one subcommand builds it (and only it) and fills its arguments.
        let cli = Cli::try_parse_from(["iepmeet", "--db", "x.db", "status", "quill", "--json"]).unwrap();
        assert!(matches!(&cli.command, Some(Command::Status(StatusArgs { query, json: true })) if query == "quill"));
        assert_eq!(cli.db.as_deref(), Some(std::path::Path::new("x.db")));
        assert!(matches!(Cli::try_parse_from(["iepmeet", "info"]).unwrap().command, Some(Command::Info)));
        assert!(Cli::try_parse_from(["iepmeet"]).unwrap().command.is_none());
    }

    #[test]
    fn every_listed_subcommand_parses_back_to_its_variant() {
        for sub in Cli::command().get_subcommands() {
            let name = sub.get_name();
            assert!(<Command as clap::Subcommand>::has_subcommand(name), "{name}");
            // `--help` is answered by clap itself for every subcommand, built from its deferred arguments.
            let e = Cli::try_parse_from(["iepmeet", name, "--help"]).unwrap_err();
            assert_eq!(e.kind(), clap::error::ErrorKind::DisplayHelp, "{name}");
            assert!(e.to_string().contains(&format!("Usage: iepmeet {name}")), "{name}: {e}");
        }
        assert!(!<Command as clap::Subcommand>::has_subcommand("statu"));
    }
}
