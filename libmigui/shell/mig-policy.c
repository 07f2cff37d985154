/*
 * Copyright 2026 The libmigui authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#define G_LOG_DOMAIN "migui"

#include "config.h"

#include <errno.h>
#include <string.h>

#include <gio/gio.h>
#include <glib/gi18n-lib.h>

#include "mig-enums.h"
#include "mig-policy-private.h"

/*
 * The access policy of a shell, like the `.vorestrict` of the paper's
 * agent servers: allow, deny or ask, per device and per application.  The
 * rules are the `policy.conf` key file of the config folder:
 *
 *   [paired]                      # any paired device
 *   org.migui.SurveyAgent=allow
 *   [device 0e5c…]                # one device, by ID
 *   *=deny
 *
 * A key is an application ID or `*` for any.  The most specific rule wins:
 * the device's rule for the application, the device's `*`, the paired
 * devices' rule for the application, their `*`; then the defaults of
 * GSettings (`policy-applications`, `policy-default`), then ask.  Devices
 * that are not paired never get this far: they must pair first.  The file
 * is read for each decision, so a rule takes effect at once.
 *
 * Pulls (a paired device asking for a running application to continue
 * there, POST /v1/apps/{id}/pull) have rules of their own in the same
 * groups, keyed `pull:` and the application ID or `*`:
 *
 *   [device 0e5c…]
 *   pull:org.migui.Gallery=allow
 *
 * in the same order of precedence, then ask: no GSettings default, and
 * neither the rules for sending nor a policy that accepts every sender
 * apply to them (SECURITY.md says why).
 */

#define POLICY_FILE  "policy.conf"
#define PAIRED_GROUP "paired"
#define DEVICE_GROUP "device "
#define PULL_PREFIX  "pull:"

const char *
mig_policy_action_to_string (MigPolicyAction action)
{
  switch (action)
    {
    case MIG_POLICY_ALLOW: return "allow";
    case MIG_POLICY_DENY: return "deny";
    case MIG_POLICY_ASK:
    default: return "ask";
    }
}

gboolean
mig_policy_action_from_string (const char      *text,
                               MigPolicyAction *action)
{
  if (g_strcmp0 (text, "allow") == 0)
    *action = MIG_POLICY_ALLOW;
  else if (g_strcmp0 (text, "deny") == 0)
    *action = MIG_POLICY_DENY;
  else if (g_strcmp0 (text, "ask") == 0)
    *action = MIG_POLICY_ASK;
  else
    return FALSE;
  return TRUE;
}

static GKeyFile *
load (const char *config_dir)
{
  g_autofree char *path = g_build_filename (config_dir, POLICY_FILE, NULL);
  GKeyFile *file = g_key_file_new ();
  g_autoptr(GError) error = NULL;

  if (!g_key_file_load_from_file (file, path, G_KEY_FILE_KEEP_COMMENTS, &error) &&
      !g_error_matches (error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
    g_warning ("Ignoring the access policy %s, which cannot be read: %s", path, error->message);
  return file;
}

static GSettings *
settings_new (void)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = NULL;

  if (source == NULL || (schema = g_settings_schema_source_lookup (source, "org.migui", TRUE)) == NULL ||
      !g_settings_schema_has_key (schema, "policy-default"))
    return NULL;
  return g_settings_new_full (schema, NULL, NULL);
}

static gboolean
lookup_rule (GKeyFile        *file,
             const char      *group,
             const char      *key,
             MigPolicyAction *action)
{
  g_autofree char *value = NULL;

  if (key == NULL || (value = g_key_file_get_string (file, group, key, NULL)) == NULL)
    return FALSE;
  if (!mig_policy_action_from_string (g_strstrip (value), action))
    {
      g_warning ("Ignoring the policy rule [%s] %s=%s: the action is allow, deny or ask", group, key, value);
      return FALSE;
    }
  return TRUE;
}

/* The action for @app_id (NULL: a pairing request, where only `*` rules
 * apply) from the paired device @device_id; @rule (if given) names the rule
 * that decided, for logs and refusals. */
MigPolicyAction
mig_policy_decide (const char  *config_dir,
                   const char  *device_id,
                   const char  *app_id,
                   char       **rule)
{
  g_autoptr(GKeyFile) file = load (config_dir);
  g_autoptr(GSettings) settings = NULL;
  g_autofree char *device_group = device_id != NULL ? g_strconcat (DEVICE_GROUP, device_id, NULL) : NULL;
  struct { const char *group, *key; } order[] = {
    { device_group, app_id }, { device_group, "*" }, { PAIRED_GROUP, app_id }, { PAIRED_GROUP, "*" },
  };
  MigPolicyAction action = MIG_POLICY_ASK;

  for (guint i = 0; i < G_N_ELEMENTS (order); i++)
    if (order[i].group != NULL && lookup_rule (file, order[i].group, order[i].key, &action))
      {
        if (rule != NULL)
          *rule = g_strdup_printf ("[%s] %s=%s", order[i].group, order[i].key, mig_policy_action_to_string (action));
        return action;
      }

  if ((settings = settings_new ()) != NULL)
    {
      g_autofree char *value = NULL;

      if (app_id != NULL)
        {
          g_autoptr(GVariant) apps = g_settings_get_value (settings, "policy-applications");

          if (g_variant_lookup (apps, app_id, "s", &value) && mig_policy_action_from_string (value, &action))
            {
              if (rule != NULL)
                *rule = g_strdup_printf ("GSettings policy-applications %s=%s", app_id, value);
              return action;
            }
          g_clear_pointer (&value, g_free);
        }
      value = g_settings_get_string (settings, "policy-default");
      if (mig_policy_action_from_string (value, &action))
        {
          if (rule != NULL)
            *rule = g_strdup_printf ("GSettings policy-default=%s", value);
          return action;
        }
    }

  if (rule != NULL)
    *rule = g_strdup ("default: ask");
  return MIG_POLICY_ASK;
}

/* The action for a pull of @app_id by the paired device @device_id. */
MigPolicyAction
mig_policy_decide_pull (const char  *config_dir,
                        const char  *device_id,
                        const char  *app_id,
                        char       **rule)
{
  g_autoptr(GKeyFile) file = load (config_dir);
  g_autofree char *device_group = g_strconcat (DEVICE_GROUP, device_id, NULL);
  g_autofree char *app_key = g_strconcat (PULL_PREFIX, app_id, NULL);
  struct { const char *group, *key; } order[] = {
    { device_group, app_key }, { device_group, PULL_PREFIX "*" },
    { PAIRED_GROUP, app_key }, { PAIRED_GROUP, PULL_PREFIX "*" },
  };
  MigPolicyAction action;

  for (guint i = 0; i < G_N_ELEMENTS (order); i++)
    if (lookup_rule (file, order[i].group, order[i].key, &action))
      {
        if (rule != NULL)
          *rule = g_strdup_printf ("[%s] %s=%s", order[i].group, order[i].key, mig_policy_action_to_string (action));
        return action;
      }
  if (rule != NULL)
    *rule = g_strdup ("default for pulls: ask");
  return MIG_POLICY_ASK;
}

/* Whether a rule denies everything from @device_id, paired or not: such
 * a device may not even pair. */
gboolean
mig_policy_device_denied (const char *config_dir,
                          const char *device_id)
{
  g_autoptr(GKeyFile) file = NULL;
  g_autofree char *group = NULL;
  MigPolicyAction action;

  if (device_id == NULL)
    return FALSE;
  file = load (config_dir);
  group = g_strconcat (DEVICE_GROUP, device_id, NULL);
  return lookup_rule (file, group, "*", &action) && action == MIG_POLICY_DENY;
}

static gboolean
is_device_id (const char *text)
{
  if (*text == '\0' || strlen (text) > 64)
    return FALSE;
  for (const char *p = text; *p != '\0'; p++)
    if (!g_ascii_isalnum (*p) && *p != '-')
      return FALSE;
  return TRUE;
}

/* Sets the rule for @app_id (NULL: any; `pull:` and an ID or `*` for pulls)
 * from @device_id (NULL: any paired device). */
gboolean
mig_policy_set (const char       *config_dir,
                const char       *device_id,
                const char       *app_id,
                MigPolicyAction   action,
                GError          **error)
{
  g_autoptr(GKeyFile) file = NULL;
  g_autofree char *group = NULL;
  g_autofree char *path = NULL;
  g_autofree char *data = NULL;
  g_autoptr(GError) local_error = NULL;
  const char *bare_id = app_id != NULL && g_str_has_prefix (app_id, PULL_PREFIX) ?
                        app_id + strlen (PULL_PREFIX) : app_id;
  gsize length;

  if (device_id != NULL && !is_device_id (device_id))
    {
      g_set_error (error, MIG_ERROR, MIG_ERROR_FAILED, _("“%s” is not a device ID"), device_id);
      return FALSE;
    }

  if (bare_id != NULL && strcmp (bare_id, "*") != 0 && !g_application_id_is_valid (bare_id))
    {
      g_set_error (error, MIG_ERROR, MIG_ERROR_FAILED, _("“%s” is not an application ID"), app_id);
      return FALSE;
    }

  file = load (config_dir);
  group = device_id != NULL ? g_strconcat (DEVICE_GROUP, device_id, NULL) : g_strdup (PAIRED_GROUP);
  g_key_file_set_string (file, group, app_id != NULL ? app_id : "*", mig_policy_action_to_string (action));

  path = g_build_filename (config_dir, POLICY_FILE, NULL);
  data = g_key_file_to_data (file, &length, NULL);
  if (g_mkdir_with_parents (config_dir, 0700) != 0 ||
      !g_file_set_contents_full (path, data, length, G_FILE_SET_CONTENTS_CONSISTENT, 0600, &local_error))
    {
      g_set_error (error, MIG_ERROR, MIG_ERROR_FAILED, _("Could not save the access policy %s: %s"), path,
                   local_error != NULL ? local_error->message : g_strerror (errno));
      return FALSE;
    }
  return TRUE;
}

/* Every rule, most specific first within each device: a(sss) of device ID
 * (`*` for any paired device, `defaults` for GSettings), application ID
 * (`*` for any) and action. */
GVariant *
mig_policy_list (const char *config_dir)
{
  g_autoptr(GKeyFile) file = load (config_dir);
  g_auto(GStrv) groups = g_key_file_get_groups (file, NULL);
  g_autoptr(GSettings) settings = settings_new ();
  GVariantBuilder builder;

  g_variant_builder_init (&builder, G_VARIANT_TYPE ("a(sss)"));
  for (guint i = 0; groups[i] != NULL; i++)
    {
      g_auto(GStrv) keys = NULL;
      const char *device;

      if (strcmp (groups[i], PAIRED_GROUP) == 0)
        device = "*";
      else if (g_str_has_prefix (groups[i], DEVICE_GROUP))
        device = groups[i] + strlen (DEVICE_GROUP);
      else
        continue;
      keys = g_key_file_get_keys (file, groups[i], NULL, NULL);
      for (guint k = 0; keys != NULL && keys[k] != NULL; k++)
        {
          g_autofree char *value = g_key_file_get_string (file, groups[i], keys[k], NULL);
          MigPolicyAction action;

          if (value != NULL && mig_policy_action_from_string (g_strstrip (value), &action))
            g_variant_builder_add (&builder, "(sss)", device, keys[k], value);
        }
    }

  if (settings != NULL)
    {
      g_autoptr(GVariant) apps = g_settings_get_value (settings, "policy-applications");
      g_autofree char *value = g_settings_get_string (settings, "policy-default");
      GVariantIter iter;
      const char *app, *action;

      g_variant_iter_init (&iter, apps);
      while (g_variant_iter_next (&iter, "{&s&s}", &app, &action))
        g_variant_builder_add (&builder, "(sss)", "defaults", app, action);
      g_variant_builder_add (&builder, "(sss)", "defaults", "*", value);
    }
  return g_variant_ref_sink (g_variant_builder_end (&builder));
}
