/* placeholder: being written */
typedef int fc_placeholder_conf;
