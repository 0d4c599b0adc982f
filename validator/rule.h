/* rule.h — a rule's metadata as the policy file declares it, and severities. The engine
 * fills these in from Lua; reporters and the CLI read them. */
#ifndef TG_RULE_H
#define TG_RULE_H

typedef enum tg_severity {
    TG_SEV_INFO,
    TG_SEV_LOW,
    TG_SEV_MEDIUM,
    TG_SEV_HIGH,
    TG_SEV_CRITICAL
} tg_severity;

typedef struct tg_rule {
    char *id, *name, *title;
    char *rationale, *remediation, *arm_snippet, *terraform_snippet; /* "" when not given */
    char *azure_policy, *mcsb;                                       /* "" when none */
    char *source; /* where the policy came from: "policies/TG002-....lua" or a file path */
    tg_severity severity;
    int enabled; /* selected by --rule / --skip-rule */
} tg_rule;

/* "critical", "high", ... (case-insensitive). Returns 0 on success, -1 if unknown. */
int tg_severity_parse(const char *s, tg_severity *out);
const char *tg_severity_name(tg_severity s);

#endif
