# Cross-check of the statistics engine (pipeline.stats) against R's survey package (Lumley).
#
# Run by tests/unit/stats/test_against_r.py as `Rscript tests/r/crosscheck.R <dir>`; reads
# the inputs that test writes to <dir> and writes R's numbers back there. Needs only R, survey
# and MASS (Debian: r-base-core r-cran-survey r-cran-mass; `make r-deps`).
#
# Inputs
#   respondents.csv  one row per respondent: margin columns, `d` (base weight N/n), `herkomst`,
#                    `gender_survey` (domains) and the indicators (NA = not in the base)
#   margins.csv      margin, category, population (categories in factor-level order)
#   settings.csv     one row: indicators, means (";"-separated), lower, upper (bounds on
#                    g = w/d), scale (replicate variance scale), n_shared
#   repbase.f64      n x n_shared replicate *base* weights d * a_ir (Rao-Wu multipliers drawn by
#                    the test), float64, column after column
# Outputs
#   weights.csv      w_calibrate (raking), w_rake (rake(), IPF), w_bounded (raking with bounds),
#                    w_logistic (logistic calibration, weights 1 + exp(x' eta))
#   shared.f64, shared_bounded.f64
#                    the replicate weights after calibrate() on the svrepdesign of repbase,
#                    without and with bounds (n x n_shared, column after column)
#   estimates.csv    route, indicator, domain, group, estimate, se, beta_low, beta_high,
#                    beta_low_degf, beta_high_degf, degf
#     routes: linearised  svydesign + calibrate(raking): linearisation (with replacement)
#             shared      svrepdesign on repbase + calibrate(raking): raking redone per
#                         replicate, variance scale * sum (theta_r - mean theta)^2
#     beta_low, beta_high: svyciprop(method = "beta") with degf set to nrow - 1, i.e.
#             Korn-Graubard without the degrees-of-freedom factor, as the engine computes it;
#     beta_*_degf: R's default, with the factor (t_{nrow-1} / t_{degf})^2 and degf
#             (proportions only)
#   svyby.csv        svyby(svymean) on the linearised design: indicator, domain, group,
#                    estimate, se

suppressPackageStartupMessages(library(survey))

args <- commandArgs(trailingOnly = TRUE)
dir <- args[1]
resp <- read.csv(file.path(dir, "respondents.csv"), stringsAsFactors = FALSE,
                 na.strings = c("NA", ""))
marg <- read.csv(file.path(dir, "margins.csv"), stringsAsFactors = FALSE)
set <- read.csv(file.path(dir, "settings.csv"), stringsAsFactors = FALSE)
proportions <- strsplit(set$indicators, ";")[[1]]
means <- strsplit(set$means, ";")[[1]]
bounds <- c(set$lower, set$upper)

margin_names <- unique(marg$margin)
for (m in margin_names) {
  resp[[m]] <- factor(resp[[m]], levels = marg$category[marg$margin == m])
}
N <- sum(marg$population[marg$margin == margin_names[1]])
cal_formula <- as.formula(paste("~", paste(margin_names, collapse = " + ")))
# population totals in model.matrix order: intercept, then each margin's levels but the first
totals <- c(`(Intercept)` = N)
for (m in margin_names) {
  sub <- marg[marg$margin == m, ]
  totals <- c(totals, setNames(sub$population[-1], paste0(m, sub$category[-1])))
}
pop_margins <- lapply(margin_names, function(m) {
  sub <- marg[marg$margin == m, ]
  out <- data.frame(factor(sub$category, levels = sub$category), sub$population)
  names(out) <- c(m, "Freq")
  out
})
sample_margins <- lapply(margin_names, function(m) as.formula(paste("~", m)))

des <- svydesign(ids = ~1, weights = ~d, data = resp)
cal <- calibrate(des, cal_formula, totals, calfun = "raking", epsilon = 1e-12, maxit = 200)
raked <- rake(des, sample_margins, pop_margins,
              control = list(maxit = 500, epsilon = 1e-12, verbose = FALSE))
bnd <- calibrate(des, cal_formula, totals, calfun = "raking", bounds = bounds,
                 epsilon = 1e-12, maxit = 200)
# logistic calibration (Kott 2006): design weight 1 (everyone was invited), weights
# 1 + exp(x' eta), through make.calfun: grake's g is 1 + Fm1(x' eta)
kott <- make.calfun(Fm1 = function(u, bounds) exp(u), dF = function(u, bounds) exp(u),
                    name = "logistic response propensity (Kott 2006)")
des1 <- svydesign(ids = ~1, weights = ~one, data = transform(resp, one = 1))
lgt <- calibrate(des1, cal_formula, totals, calfun = kott, epsilon = 1e-12, maxit = 200)
write.csv(data.frame(w_calibrate = weights(cal), w_rake = weights(raked),
                     w_bounded = weights(bnd), w_logistic = weights(lgt)),
          file.path(dir, "weights.csv"), row.names = FALSE)

n_shared <- set$n_shared
con <- file(file.path(dir, "repbase.f64"), "rb")
repbase <- matrix(readBin(con, "double", n = nrow(resp) * n_shared, size = 8,
                          endian = "little"), nrow = nrow(resp))
close(con)
rep0 <- svrepdesign(data = resp, repweights = repbase, weights = ~d, type = "bootstrap",
                    combined.weights = TRUE, scale = set$scale, rscales = 1, mse = FALSE)
# compress = FALSE: the default (NA) fails for uncompressed replicate weights in survey 4.1
shared <- calibrate(rep0, cal_formula, totals, calfun = "raking", epsilon = 1e-12,
                    maxit = 100, compress = FALSE)
# R's Newton step can stall with binding bounds (grake warns "Failed to converge"): the test
# compares the replicates in which R met the margins
shared_bounded <- suppressWarnings(
  calibrate(rep0, cal_formula, totals, calfun = "raking", bounds = bounds, epsilon = 1e-12,
            maxit = 30, compress = FALSE))
for (route in c("shared", "shared_bounded")) {
  w <- weights(get(route), "analysis")
  writeBin(as.vector(w), file.path(dir, paste0(route, ".f64")), size = 8, endian = "little")
}

one <- function(design, y, is_prop) {
  f <- as.formula(paste("~", y))
  m <- svymean(f, design, na.rm = TRUE)
  est <- unname(coef(m))
  se <- unname(SE(m))
  ci <- c(NA, NA, NA, NA, NA)
  if (is_prop) {
    base <- design[!is.na(design$variables[[y]]), ]
    # svyciprop's beta method multiplies n_eff by (t_{nrow-1} / t_{degf})^2 (its df argument
    # is not used there): R's default, and with degf = nrow - 1 the engine's interval
    p <- svyciprop(f, base, method = "beta", na.rm = TRUE)
    df <- degf(base)
    base$degf <- nrow(base) - 1  # used by degf() of a replicate design
    q <- svyciprop(f, base, method = "beta", na.rm = TRUE)
    ci <- c(as.vector(attr(q, "ci")), as.vector(attr(p, "ci")), df)
  }
  c(est, se, ci)
}

rows <- list()
routes <- list(linearised = cal, shared = shared)
for (route in names(routes)) {
  design <- routes[[route]]
  for (y in c(proportions, means)) {
    is_prop <- y %in% proportions
    rows[[length(rows) + 1]] <- c(route, y, "totaal", "totaal", one(design, y, is_prop))
    for (domain in c("herkomst", "gender_survey")) {
      for (g in sort(unique(resp[[domain]]))) {
        sub <- design[design$variables[[domain]] == g, ]
        rows[[length(rows) + 1]] <- c(route, y, domain, g, one(sub, y, is_prop))
      }
    }
  }
}
out <- as.data.frame(do.call(rbind, rows), stringsAsFactors = FALSE)
names(out) <- c("route", "indicator", "domain", "group", "estimate", "se", "beta_low",
                "beta_high", "beta_low_degf", "beta_high_degf", "degf")
write.csv(out, file.path(dir, "estimates.csv"), row.names = FALSE)

# svyby over the same domains must give what the subsets gave (checked by the test)
by_rows <- list()
for (y in c(proportions, means)) {
  for (domain in c("herkomst", "gender_survey")) {
    b <- svyby(as.formula(paste("~", y)), as.formula(paste("~", domain)), cal, svymean,
               na.rm = TRUE)
    by_rows[[length(by_rows) + 1]] <- data.frame(
      indicator = y, domain = domain, group = as.character(b[[domain]]),
      estimate = b[[y]], se = SE(b), stringsAsFactors = FALSE)
  }
}
write.csv(do.call(rbind, by_rows), file.path(dir, "svyby.csv"), row.names = FALSE)
