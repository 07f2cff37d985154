/*
 * Copyright 2026 The libmigui authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

/* A question or message with responses: an AdwAlertDialog where
 * libadwaita has it (1.5 and later), else an AdwMessageDialog, behind one
 * set of calls.  Either emits "response" (const char *response) once the
 * user answers or closes it; both are widgets, so a weak pointer or
 * "destroy" tells when one is gone. */
GtkWidget *mig_alert_new (const char *heading,
                          const char *body);
void mig_alert_add_response (GtkWidget             *alert,
                             const char            *id,
                             const char            *label,
                             AdwResponseAppearance  appearance);
void mig_alert_set_close_response (GtkWidget  *alert,
                                   const char *id);
void mig_alert_set_default_response (GtkWidget  *alert,
                                     const char *id);
void mig_alert_set_extra_child (GtkWidget *alert,
                                GtkWidget *child);
/* Its heading and body as given, NULL if none. */
const char *mig_alert_get_heading (GtkWidget *alert);
const char *mig_alert_get_body (GtkWidget *alert);
/* Shows it over parent's window, or on its own where parent is NULL. */
void mig_alert_present (GtkWidget *alert,
                        GtkWidget *parent);
/* Answers as the user would: emits "response", then closes it. */
void mig_alert_respond (GtkWidget  *alert,
                        const char *id);
/* Closes it without a response. */
void mig_alert_close (GtkWidget *alert);
/* The alert shown in or over window, with this heading (any heading if
 * NULL), or NULL. */
GtkWidget *mig_alert_find (GtkWidget  *window,
                           const char *heading);

G_END_DECLS
