/*
 * Copyright 2026 The libmigui authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * What the files of the migui command line share.
 */

#pragma once

#include <json-glib/json-glib.h>
#include <migui.h>

/* Exit statuses, documented in --help: scripts rely on them. */
enum {
  EXIT_OK = 0,
  EXIT_USAGE = 1,
  EXIT_NOT_RUNNING = 2,
  EXIT_NO_PEER = 3,
  EXIT_REJECTED = 4,
  EXIT_NOT_INSTALLED = 5,
  EXIT_VERSION = 6,
  EXIT_INVALID = 7,
  EXIT_TIMEOUT = 8,
  EXIT_UNTRUSTED = 9,
  EXIT_CANCELLED = 10,
  EXIT_FAILED = 11,
};

extern gboolean opt_json;
extern int opt_wait;
extern char *opt_device;
extern char *opt_accept;
extern char *opt_reject;
extern gboolean opt_pull;
extern gboolean opt_clone;

int exit_for_error (const GError *error);
int fail           (int           status,
                    const char   *message);
int succeed        (const char   *message);
void print_json    (JsonBuilder  *builder);

GVariant *call_shell (GDBusConnection  *bus,
                      const char       *method,
                      GVariant         *parameters,
                      const char       *reply_type,
                      int               timeout_ms,
                      GError          **error);
int fail_call        (GError           *error);
MigPeer *find_peer   (const char       *name,
                      GError          **error);

GVariant *call_app   (const char       *app_id,
                      const char       *method,
                      GVariant         *parameters,
                      GError          **error);

int cmd_forms      (const char   *app_id);
int cmd_send_form  (const char   *app_id,
                    const char   *form,
                    const char   *peer,
                    const char   *mode);
int cmd_pair       (const char   *peer);
int cmd_running    (const char   *device);
int cmd_continue   (const char   *device,
                    const char   *app_id);
int cmd_unpair     (const char   *device);
int cmd_devices    (void);
int cmd_policy     (const char   *verb,
                    const char   *app_id);
